#include "api/web_config.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace lkm::api {
namespace {

WebConfig at(std::string base_path) {
  WebConfig config;
  config.base_path = std::move(base_path);
  return config;
}

WebConfig with_favicon(std::string file) {
  WebConfig config;
  config.brand.favicon = std::move(file);
  return config;
}

// The HTML of a built web app's head, as Vite writes it.
constexpr std::string_view kBuiltHead =
    "<!doctype html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\" />\n"
    "    <title>LiveKit Meet</title>\n"
    "    <link\n      rel=\"icon\"\n      type=\"image/svg+xml\"\n"
    "      href=\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3C/svg%3E\"\n"
    "    />\n"
    "    <script type=\"module\" crossorigin src=\"./assets/index-BC3OCGix.js\"></script>\n"
    "    <link rel=\"stylesheet\" crossorigin href=\"./assets/index-B_Qbu3XJ.css\">\n"
    "  </head>\n  <body></body>\n</html>\n";

TEST(WebConfig, InjectsBaseAndConfigRightAfterTheHeadTag) {
  const auto html = inject_web_config(
      "<!doctype html><html><HEAD lang=\"en\"><script "
      "src=\"./assets/a.js\"></script></head></html>",
      at("/meet"));
  EXPECT_EQ(html,
            "<!doctype html><html><HEAD lang=\"en\"><base href=\"/meet/\"><meta "
            "name=\"livekit-meet-config\" content=\"{&quot;basePath&quot;:&quot;/meet&quot;,"
            "&quot;aloneTimeout&quot;:600,&quot;defaultLanguage&quot;:&quot;en&quot;,"
            "&quot;brand&quot;:{&quot;productName&quot;:&quot;LiveKit Meet&quot;}}\">"
            "<script src=\"./assets/a.js\"></script></head></html>");
}

TEST(WebConfig, UsesTheRootWithoutABasePath) {
  const auto html = inject_web_config("<html><head></head></html>", at(""));
  EXPECT_NE(html.find("<head><base href=\"/\">"), std::string::npos);
}

TEST(WebConfig, DoesNotMistakeHeaderForHead) {
  const auto html = inject_web_config("<header>x</header><head>y", at(""));
  EXPECT_EQ(html.find("<base"), html.find("<head>") + 6);
}

TEST(WebConfig, PrependsWhenThereIsNoHead) {
  EXPECT_EQ(inject_web_config("<p>hi</p>", at("")).rfind("<base href=\"/\">", 0), 0U);
}

TEST(WebConfig, CarriesTheAloneTimeoutAndTheDefaultLanguage) {
  WebConfig config;
  config.alone_timeout_seconds = 0;
  EXPECT_EQ(web_config_json(config), R"({"basePath":"","aloneTimeout":0,"defaultLanguage":"en",)"
                                     R"("brand":{"productName":"LiveKit Meet"}})");
  config.base_path = "/m";
  config.alone_timeout_seconds = 90;
  config.default_language = "pt-BR";
  EXPECT_EQ(web_config_json(config),
            R"({"basePath":"/m","aloneTimeout":90,"defaultLanguage":"pt-BR",)"
            R"("brand":{"productName":"LiveKit Meet"}})");
}

TEST(WebConfig, CarriesTheWholeBrandWithFileUrlsBelowTheBase) {
  WebConfig config;
  config.base_path = "/meet";
  config.brand = {"Acme \"Video\"",
                  "logo.svg",
                  "favicon.ico",
                  "#1f8cf9",
                  "Hello </script> & welcome",
                  "https://acme.example/privacy",
                  "https://acme.example/legal",
                  "mailto:help@acme.example"};
  EXPECT_EQ(web_config_json(config),
            R"({"basePath":"/meet","aloneTimeout":600,"defaultLanguage":"en","brand":{)"
            R"("productName":"Acme \"Video\"","logoUrl":"brand/logo.svg",)"
            R"("faviconUrl":"brand/favicon.ico","accentColor":"#1f8cf9",)"
            R"("welcome":"Hello </script> & welcome","privacyUrl":"https://acme.example/privacy",)"
            R"("legalUrl":"https://acme.example/legal","supportUrl":"mailto:help@acme.example"}})");
  // In the page the JSON is an attribute value: nothing in it can end the attribute or the tag.
  const auto html = inject_web_config("<head></head>", config);
  const auto start = html.find("content=\"") + 9;
  const auto end = html.find('"', start);
  const std::string attribute = html.substr(start, end - start);
  EXPECT_EQ(attribute.find_first_of("<>\"'"), std::string::npos) << attribute;
  EXPECT_EQ(html.substr(end), "\"></head>");
}

TEST(WebConfig, LeavesOutWhatIsNotSet) {
  WebConfig config;
  config.brand.accent_color = "#000000";
  config.brand.support_url = "https://help.example";
  EXPECT_EQ(web_config_json(config),
            R"({"basePath":"","aloneTimeout":600,"defaultLanguage":"en","brand":{)"
            R"("productName":"LiveKit Meet","accentColor":"#000000",)"
            R"("supportUrl":"https://help.example"}})");
}

TEST(WebConfig, PercentEncodesABrandFileName) {
  WebConfig config;
  config.brand.logo = "my logo#1.svg";
  const auto json = boost::json::parse(web_config_json(config));
  EXPECT_EQ(json.at("brand").at("logoUrl").as_string(), "brand/my%20logo%231.svg");
}

TEST(WebConfig, PutsTheProductNameInTheTitle) {
  WebConfig config;
  config.brand.product_name = "Acme Video";
  const auto html = inject_web_config(kBuiltHead, config);
  EXPECT_NE(html.find("<title>Acme Video</title>"), std::string::npos) << html;
  EXPECT_EQ(html.find("LiveKit Meet"), std::string::npos) << html;
}

TEST(WebConfig, EscapesTheProductNameInTheTitle) {
  WebConfig config;
  config.brand.product_name = "<script>alert(1)</script> & Co";
  const auto html = inject_web_config("<html><head><title>x</title></head></html>", config);
  EXPECT_NE(html.find("<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</title>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
  config.brand.product_name = "</title><script>alert(1)</script>";
  const auto closing = inject_web_config("<head><title>x</title></head>", config);
  EXPECT_EQ(closing.find("<script>"), std::string::npos) << closing;
  EXPECT_EQ(closing.find("</title>"), closing.rfind("</title>")) << closing;
}

TEST(WebConfig, ReplacesOnlyTheFirstTitleWhateverItsCase) {
  WebConfig config;
  config.brand.product_name = "Acme";
  EXPECT_EQ(
      inject_web_config("<TITLE lang=\"en\">Old</Title><svg><title>icon</title></svg>", config),
      "<base href=\"/\"><meta name=\"livekit-meet-config\" content=\"" +
          html_attribute_escape(web_config_json(config)) +
          "\"><TITLE lang=\"en\">Acme</Title><svg><title>icon</title></svg>");
}

TEST(WebConfig, LeavesAPageWithoutTitleAlone) {
  WebConfig config;
  config.brand.product_name = "Acme";
  for (const std::string_view page : {"<head></head>", "<head><title>unclosed</head>",
                                      "<head><titles>x</titles></head>", "<head><title"}) {
    const auto html = inject_web_config(page, config);
    EXPECT_EQ(html.find("Acme</title>"), std::string::npos) << html;
    EXPECT_NE(html.find("<meta name=\"livekit-meet-config\""), std::string::npos) << html;
  }
}

TEST(WebConfig, PointsTheIconLinkAtTheBrandFavicon) {
  const auto html = inject_web_config(kBuiltHead, with_favicon("favicon.png"));
  EXPECT_NE(html.find("<link rel=\"icon\" type=\"image/png\" href=\"brand/favicon.png\"\n    />"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("data:image/svg+xml"), std::string::npos) << html;
  // The other links stay as they were.
  EXPECT_NE(html.find("<link rel=\"stylesheet\" crossorigin href=\"./assets/index-B_Qbu3XJ.css\">"),
            std::string::npos)
      << html;
}

TEST(WebConfig, KeepsTheIconLinkWithoutAFavicon) {
  const auto html = inject_web_config(kBuiltHead, WebConfig{});
  EXPECT_NE(html.find("href=\"data:image/svg+xml,%3Csvg"), std::string::npos) << html;
  EXPECT_EQ(html.find("brand/"), std::string::npos) << html;
}

TEST(WebConfig, RewritesEveryIconLinkWhateverItsForm) {
  const auto html = inject_web_config(
      "<head><LINK REL='shortcut icon' HREF=x.ico sizes=\"any\"><link rel=\"apple-touch-icon\" "
      "href=\"t.png\"><link href=\"a>b.svg\" rel=\"icon\"/><link rel=icon></head>",
      with_favicon("favicon.ico"));
  const auto expected_tail =
      "<link REL='shortcut icon' href=\"brand/favicon.ico\" sizes=\"any\" "
      "type=\"image/x-icon\"><link rel=\"apple-touch-icon\" href=\"t.png\"><link "
      "href=\"brand/favicon.ico\" rel=\"icon\" type=\"image/x-icon\"/><link rel=icon "
      "type=\"image/x-icon\" href=\"brand/favicon.ico\"></head>";
  EXPECT_NE(html.find(expected_tail), std::string::npos) << html;
}

TEST(WebConfig, LeavesAPageWithoutIconLinkAlone) {
  const std::string page = "<head><link rel=\"stylesheet\" href=\"a.css\"><title>t</title></head>";
  const auto html = inject_web_config(page, with_favicon("favicon.svg"));
  EXPECT_NE(html.find("<link rel=\"stylesheet\" href=\"a.css\">"), std::string::npos) << html;
  EXPECT_EQ(html.find("<link rel=\"icon\""), std::string::npos) << html;
  // An unterminated link tag is left as it is.
  const auto broken = inject_web_config("<head><link rel=\"icon\" href=\"x", with_favicon("f.png"));
  EXPECT_NE(broken.find("<link rel=\"icon\" href=\"x"), std::string::npos) << broken;
}

TEST(WebConfig, EscapesAttributeValues) {
  EXPECT_EQ(html_attribute_escape(R"(<a href="x">'&')"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;");
}

}  // namespace
}  // namespace lkm::api
