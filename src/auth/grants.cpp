#include "auth/grants.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

namespace lkm::auth {
namespace {

// The one list of fields: JSON key and member, in serialisation order.
template <class Visitor>
void for_each_field(Visitor&& visit) {
  visit("room", &VideoGrant::room);
  visit("roomJoin", &VideoGrant::room_join);
  visit("roomCreate", &VideoGrant::room_create);
  visit("roomList", &VideoGrant::room_list);
  visit("roomRecord", &VideoGrant::room_record);
  visit("roomAdmin", &VideoGrant::room_admin);
  visit("ingressAdmin", &VideoGrant::ingress_admin);
  visit("canPublish", &VideoGrant::can_publish);
  visit("canPublishSources", &VideoGrant::can_publish_sources);
  visit("canPublishData", &VideoGrant::can_publish_data);
  visit("canSubscribe", &VideoGrant::can_subscribe);
  visit("canUpdateOwnMetadata", &VideoGrant::can_update_own_metadata);
  visit("hidden", &VideoGrant::hidden);
  visit("recorder", &VideoGrant::recorder);
  visit("agent", &VideoGrant::agent);
  visit("canSubscribeMetrics", &VideoGrant::can_subscribe_metrics);
  visit("canManageAgentSession", &VideoGrant::can_manage_agent_session);
  visit("destinationRoom", &VideoGrant::destination_room);
}

template <class Visitor>
void for_each_sip_field(Visitor&& visit) {
  visit("admin", &SipGrant::admin);
  visit("call", &SipGrant::call);
}

template <class Grant>
struct FieldMerger {
  Grant& target;
  const Grant& update;
  template <class Member>
  void operator()(std::string_view /*key*/, Member member) const {
    if (update.*member) target.*member = update.*member;
  }
};

// The same JSON text boost::json::serialize writes, straight into a string.
void append_json(std::string& out, std::string_view text) {
  append_json_string(out, text);
}
void append_json(std::string& out, bool value) {
  out += value ? "true" : "false";
}
void append_json(std::string& out, const std::vector<std::string>& values) {
  out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i != 0) out += ',';
    append_json_string(out, values[i]);
  }
  out += ']';
}

// Appends `"key":` with the comma that separates it from a previous member. `key` is one of the
// claim names of this file: plain letters, nothing to escape.
void append_key(std::string& out, bool& first, std::string_view key) {
  if (!first) out += ',';
  first = false;
  out += '"';
  out += key;
  out += "\":";
}

template <class Grant>
struct FieldTextWriter {
  const Grant& grant;
  std::string& out;
  bool& first;
  template <class Member>
  void operator()(std::string_view key, Member member) const {
    if (const auto& field = grant.*member) {
      append_key(out, first, key);
      append_json(out, *field);
    }
  }
};

template <class Grant>
struct FieldWriter {
  const Grant& grant;
  boost::json::object& out;
  template <class Member>
  void operator()(std::string_view key, Member member) const {
    if (const auto& field = grant.*member) out[key] = boost::json::value_from(*field);
  }
};

// Each reads a JSON value into a field: nullptr on success, else what the value should be.
const char* read_field(const boost::json::value& value, std::optional<bool>& field) {
  if (!value.is_bool()) return "a boolean";
  field = value.get_bool();
  return nullptr;
}
const char* read_field(const boost::json::value& value, std::optional<std::string>& field) {
  if (!value.is_string()) return "a string";
  field = std::string(value.get_string());
  return nullptr;
}
const char* read_field(const boost::json::value& value,
                       std::optional<std::vector<std::string>>& field) {
  static constexpr const char* kSources =
      "an array of \"camera\", \"microphone\", \"screen_share\", \"screen_share_audio\"";
  if (!value.is_array()) return kSources;
  std::vector<std::string> sources;
  for (const auto& item : value.get_array()) {
    if (!item.is_string() || std::find(std::begin(kTrackSources), std::end(kTrackSources),
                                       item.get_string()) == std::end(kTrackSources)) {
      return kSources;
    }
    sources.emplace_back(item.get_string());
  }
  field = std::move(sources);
  return nullptr;
}

// Reads one optional field; on a type error, records a message naming `prefix.key`.
template <class Grant>
struct FieldReader {
  const boost::json::object& json;
  std::string_view prefix;
  Grant& grant;
  std::string& error;

  template <class Member>
  void operator()(std::string_view key, Member member) const {
    const boost::json::value* value = json.if_contains(key);
    if (!error.empty() || value == nullptr || value->is_null()) return;
    if (const char* expected = read_field(*value, grant.*member)) {
      error.append(prefix).append(".").append(key).append(" must be ").append(expected);
    }
  }
};

}  // namespace

bool VideoGrant::empty() const {
  return *this == VideoGrant{};
}

void merge_grant(VideoGrant& target, const VideoGrant& update) {
  for_each_field(FieldMerger<VideoGrant>{target, update});
}

void merge_grant(SipGrant& target, const SipGrant& update) {
  for_each_sip_field(FieldMerger<SipGrant>{target, update});
}

boost::json::object video_grant_to_json(const VideoGrant& grant) {
  boost::json::object out;
  for_each_field(FieldWriter<VideoGrant>{grant, out});
  return out;
}

void append_grants(boost::json::object& payload, const ClaimGrants& grants) {
  if (!grants.metadata.empty()) payload["metadata"] = grants.metadata;
  if (!grants.attributes.empty()) {
    boost::json::object attributes;
    for (const auto& [key, value] : grants.attributes) attributes[key] = value;
    payload["attributes"] = std::move(attributes);
  }
  if (!grants.name.empty()) payload["name"] = grants.name;
  if (grants.video) payload["video"] = video_grant_to_json(*grants.video);
  if (grants.sip) {
    boost::json::object sip;
    for_each_sip_field(FieldWriter<SipGrant>{*grants.sip, sip});
    payload["sip"] = std::move(sip);
  }
  if (!grants.kind.empty()) payload["kind"] = grants.kind;
  if (!grants.sha256.empty()) payload["sha256"] = grants.sha256;
  if (!grants.room_preset.empty()) payload["roomPreset"] = grants.room_preset;
  if (grants.room_config) payload["roomConfig"] = *grants.room_config;
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte != '"' && byte != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    out += '\\';
    switch (byte) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '\b': out += 'b'; break;
      case '\f': out += 'f'; break;
      case '\n': out += 'n'; break;
      case '\r': out += 'r'; break;
      case '\t': out += 't'; break;
      default:
        out += "u00";
        out += kHex[byte >> 4U];
        out += kHex[byte & 0x0FU];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

bool append_grants_json(std::string& out, const ClaimGrants& grants) {
  bool first = true;
  if (!grants.metadata.empty()) {
    append_key(out, first, "metadata");
    append_json_string(out, grants.metadata);
  }
  if (!grants.attributes.empty()) {
    // Repeated keys keep their first place and last value, as in a JSON object: let Boost.JSON
    // build that one.
    boost::json::object attributes;
    for (const auto& [key, value] : grants.attributes) attributes[key] = value;
    append_key(out, first, "attributes");
    out += boost::json::serialize(attributes);
  }
  if (!grants.name.empty()) {
    append_key(out, first, "name");
    append_json_string(out, grants.name);
  }
  if (grants.video) {
    append_key(out, first, "video");
    out += '{';
    bool first_field = true;
    for_each_field(FieldTextWriter<VideoGrant>{*grants.video, out, first_field});
    out += '}';
  }
  if (grants.sip) {
    append_key(out, first, "sip");
    out += '{';
    bool first_field = true;
    for_each_sip_field(FieldTextWriter<SipGrant>{*grants.sip, out, first_field});
    out += '}';
  }
  for (const auto& [key, value] :
       {std::pair<std::string_view, const std::string*>{"kind", &grants.kind},
        {"sha256", &grants.sha256},
        {"roomPreset", &grants.room_preset}}) {
    if (value->empty()) continue;
    append_key(out, first, key);
    append_json_string(out, *value);
  }
  if (grants.room_config) {
    append_key(out, first, "roomConfig");
    out += boost::json::serialize(*grants.room_config);
  }
  return !first;
}

Result<VideoGrant, std::string> video_grant_from_json(const boost::json::object& json) {
  VideoGrant grant;
  std::string error;
  for_each_field(FieldReader<VideoGrant>{json, "video", grant, error});
  if (!error.empty()) return fail(std::move(error));
  return grant;
}

Result<SipGrant, std::string> sip_grant_from_json(const boost::json::object& json) {
  SipGrant grant;
  std::string error;
  for_each_sip_field(FieldReader<SipGrant>{json, "sip", grant, error});
  if (!error.empty()) return fail(std::move(error));
  return grant;
}

bool is_video_grant_key(std::string_view key) noexcept {
  bool found = false;
  for_each_field([&](std::string_view name, auto /*member*/) { found = found || name == key; });
  return found;
}

}  // namespace lkm::auth
