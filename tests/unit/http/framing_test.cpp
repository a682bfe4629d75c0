#include "http/framing.hpp"

#include <gtest/gtest.h>

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>

#include <initializer_list>
#include <string>
#include <utility>

namespace lkm::http {
namespace {

namespace bhttp = boost::beast::http;

using Field = std::pair<std::string, std::string>;

// Exactly these fields.
std::optional<std::string_view> check_exact(std::initializer_list<Field> fields,
                                            unsigned version = 11) {
  static bhttp::fields
      header;  // keeps the returned view's storage irrelevant: reasons are literals
  header.clear();
  for (const auto& [name, value] : fields) header.insert(name, value);
  return framing_error(header, version);
}

// These fields after a "Host: x", unless they name a Host themselves.
std::optional<std::string_view> check(std::initializer_list<Field> fields, unsigned version = 11) {
  bool host = false;
  for (const auto& field : fields) host = host || field.first == "Host";
  if (host) return check_exact(fields, version);
  static bhttp::fields header;
  header.clear();
  header.insert("Host", "x");
  for (const auto& [name, value] : fields) header.insert(name, value);
  return framing_error(header, version);
}

TEST(Framing, AcceptsRequestsWithoutBody) {
  EXPECT_EQ(check({{"Host", "x"}}), std::nullopt);
  EXPECT_EQ(check({{"Host", "x"}}, 10), std::nullopt);
}

TEST(Framing, AcceptsOnePlainContentLength) {
  EXPECT_EQ(check({{"Content-Length", "5"}}), std::nullopt);
  EXPECT_EQ(check({{"Content-Length", "0"}}), std::nullopt);
  EXPECT_EQ(check({{"Content-Length", "5"}}, 10), std::nullopt);
}

TEST(Framing, AcceptsChunkedAloneOnHttp11) {
  EXPECT_EQ(check({{"Transfer-Encoding", "chunked"}}), std::nullopt);
  EXPECT_EQ(check({{"Transfer-Encoding", "Chunked"}}), std::nullopt);
  EXPECT_EQ(check({{"Transfer-Encoding", " chunked\t"}}), std::nullopt);
}

TEST(Framing, RejectsContentLengthTogetherWithTransferEncoding) {
  EXPECT_NE(check({{"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}}), std::nullopt);
  EXPECT_NE(check({{"Transfer-Encoding", "chunked"}, {"Content-Length", "0"}}), std::nullopt);
}

TEST(Framing, RejectsAnyTransferEncodingOtherThanExactlyChunked) {
  for (const char* value : {"gzip", "chunked, gzip", "gzip, chunked", "chunked, chunked",
                            "chunked,", ",chunked", "", "chunked;q=1", "xchunked", "identity"}) {
    EXPECT_NE(check({{"Transfer-Encoding", value}}), std::nullopt) << '"' << value << '"';
  }
}

TEST(Framing, CombinesTransferEncodingFieldsBeforeChecking) {
  EXPECT_NE(check({{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}}),
            std::nullopt);
  EXPECT_NE(check({{"Transfer-Encoding", "gzip"}, {"Transfer-Encoding", "chunked"}}), std::nullopt);
  EXPECT_NE(check({{"Transfer-Encoding", "chunked"}, {"Host", "x"}, {"Transfer-Encoding", "gzip"}}),
            std::nullopt);
}

TEST(Framing, RejectsChunkedOnHttp10) {
  EXPECT_NE(check({{"Transfer-Encoding", "chunked"}}, 10), std::nullopt);
}

TEST(Framing, RejectsMoreThanOneContentLength) {
  EXPECT_NE(check({{"Content-Length", "5"}, {"Content-Length", "5"}}), std::nullopt);
  EXPECT_NE(check({{"Content-Length", "5"}, {"Host", "x"}, {"Content-Length", "6"}}), std::nullopt);
  EXPECT_NE(check({{"Content-Length", "5, 5"}}), std::nullopt);
}

// Leading and trailing whitespace never reaches the check: it is optional whitespace around the
// field value, which Beast strips (RFC 9112 5); a folded value line is refused on the raw header.
TEST(Framing, RejectsContentLengthThatIsNotPlainDigits) {
  for (const char* value :
       {"+5", "-5", "5 5", "5\t5", "", "0x5", "1e3", "5.0", "five", "99999999999999999999999"}) {
    EXPECT_NE(check({{"Content-Length", value}}), std::nullopt) << '"' << value << '"';
  }
}

TEST(Framing, RequiresExactlyOneHostOnHttp11) {
  EXPECT_EQ(check_exact({}), "Missing Host");
  EXPECT_EQ(check_exact({{"Content-Length", "0"}}), "Missing Host");
  EXPECT_EQ(check_exact({}, 10), std::nullopt);
  EXPECT_EQ(check_exact({{"Host", "a"}, {"Host", "b"}}), "Multiple Host fields");
  EXPECT_EQ(check_exact({{"Host", "a"}, {"Host", "a"}}, 10), "Multiple Host fields");
  EXPECT_EQ(check_exact({{"Host", "a"}, {"Accept", "*/*"}, {"host", "a"}}), "Multiple Host fields");
}

TEST(Framing, AcceptsHostAsNamePortOrAddress) {
  for (const char* value : {"example.com", "example.com:8080", "127.0.0.1:1", "[::1]:8080",
                            "xn--bcher-kva.example", "a_b~c", ""}) {
    EXPECT_EQ(check_exact({{"Host", value}}), std::nullopt) << '"' << value << '"';
  }
}

TEST(Framing, RejectsAHostThatIsNotHostAndPort) {
  for (const char* value :
       {"a b", "user@example.com", "example.com/path", "example.com?x", "a\\b", "a\"b", "a#b"}) {
    EXPECT_EQ(check_exact({{"Host", value}}), "Invalid Host") << '"' << value << '"';
  }
}

TEST(TrailerFilter, DropsTheFieldsAddedAfterTheHeaderAndKeepsTheRequestLine) {
  bhttp::request<bhttp::empty_body> request{bhttp::verb::post, "/hook?x=1", 11};
  request.insert("Host", "x");
  request.insert("X-Forwarded-For", "10.0.0.1");
  const std::string_view target = request.target();
  const TrailerFilter filter(request.base());
  // Beast keeps fields of one name together: the second X-Forwarded-For lands beside the first.
  request.insert("X-Forwarded-For", "6.6.6.6");
  request.insert("Host", "y");
  request.insert("X-Late", "1");
  filter.drop_trailer_fields(request.base());
  EXPECT_EQ(request.count("Host"), 1U);
  EXPECT_EQ(request["Host"], "x");
  EXPECT_EQ(request.count("X-Forwarded-For"), 1U);
  EXPECT_EQ(request["X-Forwarded-For"], "10.0.0.1");
  EXPECT_EQ(request.count("X-Late"), 0U);
  EXPECT_EQ(request.target(), "/hook?x=1");
  EXPECT_EQ(request.target().data(), target.data());
}

std::size_t section_end(std::string_view data) {
  std::size_t scanned = 0;
  return header_section_end(data, scanned);
}

TEST(HeaderSection, EndsAfterTheEmptyLine) {
  EXPECT_EQ(section_end("GET / HTTP/1.1\r\nHost: x\r\n\r\nbody"), 27U);
  EXPECT_EQ(section_end("GET / HTTP/1.1\r\nHost: x\r\n"), std::string_view::npos);
  EXPECT_EQ(section_end("GET / HTTP/1.1\r\nHost: x\r\n\r"), std::string_view::npos);
  EXPECT_EQ(section_end(""), std::string_view::npos);
}

TEST(HeaderSection, EndsAtABareLineFeedSoThatTheParserRefusesIt) {
  EXPECT_EQ(section_end("GET / HTTP/1.1\nHost: x"), 15U);
}

TEST(HeaderSection, ResumesScanningWhereItStopped) {
  std::string data = "GET / HTTP/1.1\r\nHost: x\r";
  std::size_t scanned = 0;
  EXPECT_EQ(header_section_end(data, scanned), std::string_view::npos);
  EXPECT_EQ(scanned, data.size());
  data += "\n\r";
  EXPECT_EQ(header_section_end(data, scanned), std::string_view::npos);
  data += "\nnext";
  EXPECT_EQ(header_section_end(data, scanned), data.size() - 4);
}

TEST(HeaderSection, AcceptsAnOrdinarySection) {
  EXPECT_EQ(header_section_error("GET /a?b=c HTTP/1.1\r\nHost: x\r\nA: b\r\n\r\n", true, 16, 64),
            std::nullopt);
}

TEST(HeaderSection, RefusesALongTargetWith414) {
  const std::string target = "/" + std::string(20, 'a');
  EXPECT_EQ(header_section_error("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n", true, 16, 64),
            414U);
  EXPECT_EQ(header_section_error("GET " + target, false, 16, 64), 414U);
  EXPECT_EQ(header_section_error("GET " + target + " HTTP/1.1\r\nHost: x", false, 16, 64), 414U);
}

TEST(HeaderSection, RefusesLongFieldsWith431) {
  const std::string big = "X: " + std::string(80, 'b') + "\r\n";
  EXPECT_EQ(header_section_error("GET / HTTP/1.1\r\n" + big + "\r\n", true, 16, 64), 431U);
  EXPECT_EQ(header_section_error("GET / HTTP/1.1\r\nX: bbbb", false, 16, 64), 431U);
}

TEST(HeaderSection, RefusesFoldedAndIndentedFieldLines) {
  EXPECT_EQ(header_section_error("GET / HTTP/1.1\r\n Host: x\r\n\r\n", true, 16, 64), 400U);
  EXPECT_EQ(header_section_error("GET / HTTP/1.1\r\nA: b\r\n\tc\r\n\r\n", true, 16, 64), 400U);
  EXPECT_EQ(header_section_error("GET / HTTP/1.1\r\nA:\r\n 5\r\n\r\n", true, 16, 64), 400U);
}

}  // namespace
}  // namespace lkm::http
