#include "core/address_list.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lkm {
namespace {

AddressList list_of(std::string_view text) {
  auto parsed = AddressList::parse(text);
  EXPECT_TRUE(parsed) << text << ": " << parsed.error();
  return parsed ? std::move(parsed).value() : AddressList();
}

TEST(AddressList, HoldsSingleIpv4AddressesAndNetworks) {
  const auto list = list_of("10.1.0.0/16, 192.0.2.7");
  EXPECT_FALSE(list.empty());
  EXPECT_TRUE(list.contains("10.1.0.0"));
  EXPECT_TRUE(list.contains("10.1.255.255"));
  EXPECT_FALSE(list.contains("10.2.0.1"));
  EXPECT_TRUE(list.contains("192.0.2.7"));
  EXPECT_FALSE(list.contains("192.0.2.8"));
  EXPECT_FALSE(list.contains("::1"));
}

TEST(AddressList, HoldsIpv6AddressesAndNetworks) {
  const auto list = list_of("2001:db8::/32,::1");
  EXPECT_TRUE(list.contains("2001:db8:ffff::1"));
  EXPECT_FALSE(list.contains("2001:db9::1"));
  EXPECT_TRUE(list.contains("::1"));
  EXPECT_FALSE(list.contains("::2"));
  EXPECT_FALSE(list.contains("127.0.0.1"));
}

TEST(AddressList, ReadsIpv4MappedIpv6AsIpv4) {
  const auto list = list_of("::ffff:192.0.2.1, 10.0.0.0/8");
  EXPECT_TRUE(list.contains("192.0.2.1"));
  EXPECT_TRUE(list.contains("::ffff:10.9.8.7"));
  EXPECT_FALSE(list.contains("::ffff:11.0.0.1"));
  const auto parsed = parse_ip_address(" ::ffff:127.0.0.1\t");
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->is_v4());
  EXPECT_EQ(parsed->to_string(), "127.0.0.1");
  EXPECT_TRUE(list.contains(boost::asio::ip::make_address("::ffff:10.0.0.1")));
}

TEST(AddressList, SkipsEmptyEntriesAndCanonicalisesNetworks) {
  const auto empty = list_of(" , ,");
  EXPECT_TRUE(empty.empty());
  EXPECT_TRUE(list_of("").empty());
  EXPECT_FALSE(empty.contains("127.0.0.1"));
  // Host bits past the prefix are dropped; a single address is a /32 (/128).
  const auto list = list_of("::1, 10.1.2.3/8,,192.0.2.7/32 , 2001:db8::5/32");
  EXPECT_EQ(list.to_string(), "10.0.0.0/8,192.0.2.7,::1,2001:db8::/32");
  EXPECT_EQ(list_of(list.to_string()), list);
}

TEST(AddressList, NamesTheFirstEntryThatIsNeither) {
  for (const auto& [text, entry] :
       {std::pair{"127.0.0.1, localhost", "localhost"}, std::pair{"10.0.0.0/33", "10.0.0.0/33"},
        std::pair{"2001:db8::/129", "2001:db8::/129"}, std::pair{"10.0.0.0/", "10.0.0.0/"},
        std::pair{"10.0.0.0/x, bad", "10.0.0.0/x"}, std::pair{"256.0.0.1", "256.0.0.1"},
        std::pair{"1.2.3", "1.2.3"}, std::pair{"none", "none"}}) {
    const auto parsed = AddressList::parse(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error(), std::string("not an address or network: ") + entry) << text;
  }
  // A long entry is quoted in part.
  const auto long_entry = AddressList::parse(std::string(200, 'x'));
  ASSERT_FALSE(long_entry);
  EXPECT_EQ(long_entry.error(), "not an address or network: " + std::string(64, 'x'));
}

TEST(AddressList, RefusesTextThatIsNotAnAddress) {
  const auto list = list_of("0.0.0.0/0, ::/0");
  EXPECT_TRUE(list.contains("203.0.113.9"));
  EXPECT_TRUE(list.contains("2001:db8::1"));
  for (const char* text : {"", "garbage", "127.0.0.1.evil", "10.0.0.1:80", "[::1]"}) {
    EXPECT_FALSE(list.contains(text)) << text;
    EXPECT_FALSE(parse_ip_address(text)) << text;
  }
}

TEST(AddressList, LoopbackIsTheDefaultMetricsList) {
  const auto loopback = AddressList::loopback();
  EXPECT_EQ(loopback.to_string(), "127.0.0.0/8,::1");
  EXPECT_EQ(loopback, list_of("127.0.0.0/8,::1"));
  EXPECT_TRUE(loopback.contains("127.3.2.1"));
  EXPECT_FALSE(loopback.contains("128.0.0.1"));
  EXPECT_TRUE(AddressList().empty());
}

}  // namespace
}  // namespace lkm
