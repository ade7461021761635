// Text helpers for S3's XML bodies and HTTP date headers, shared by every operation's
// response. Pure functions; any thread may call them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hoist::serve {

inline constexpr std::string_view kXmlDeclaration =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
inline constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

// `text` with &, <, >, " and ' escaped, and control bytes XML 1.0 cannot carry as &#xN;.
std::string xml_escape(std::string_view text);

// Appends "<name>escaped value</name>".
void append_element(std::string* out, std::string_view name, std::string_view value);

// "2009-10-12T17:50:30.000Z", as S3 writes times in XML.
std::string iso8601_time(int64_t ns_since_epoch);

// "Mon, 12 Oct 2009 17:50:30 GMT", as S3 writes Last-Modified.
std::string http_date(int64_t ns_since_epoch);

}  // namespace hoist::serve
