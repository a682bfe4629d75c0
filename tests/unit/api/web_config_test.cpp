#include "api/web_config.hpp"

#include <gtest/gtest.h>

namespace lkm::api {
namespace {

TEST(WebConfig, InjectsBaseAndConfigRightAfterTheHeadTag) {
  const auto html = inject_web_config(
      "<!doctype html><html><HEAD lang=\"en\"><script "
      "src=\"./assets/a.js\"></script></head></html>",
      {"/meet"});
  EXPECT_EQ(html,
            "<!doctype html><html><HEAD lang=\"en\"><base href=\"/meet/\"><meta "
            "name=\"livekit-meet-config\" content=\"{&quot;basePath&quot;:&quot;/meet&quot;,"
            "&quot;aloneTimeout&quot;:600}\">"
            "<script src=\"./assets/a.js\"></script></head></html>");
}

TEST(WebConfig, UsesTheRootWithoutABasePath) {
  const auto html = inject_web_config("<html><head></head></html>", {""});
  EXPECT_NE(html.find("<head><base href=\"/\">"), std::string::npos);
}

TEST(WebConfig, DoesNotMistakeHeaderForHead) {
  const auto html = inject_web_config("<header>x</header><head>y", {""});
  EXPECT_EQ(html.find("<base"), html.find("<head>") + 6);
}

TEST(WebConfig, PrependsWhenThereIsNoHead) {
  EXPECT_EQ(inject_web_config("<p>hi</p>", {""}).rfind("<base href=\"/\">", 0), 0U);
}

TEST(WebConfig, CarriesTheAloneTimeout) {
  EXPECT_EQ(web_config_json({"", 0}), R"({"basePath":"","aloneTimeout":0})");
  EXPECT_EQ(web_config_json({"/m", 90}), R"({"basePath":"/m","aloneTimeout":90})");
}

TEST(WebConfig, EscapesAttributeValues) {
  EXPECT_EQ(html_attribute_escape(R"(<a href="x">'&')"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;");
}

}  // namespace
}  // namespace lkm::api
