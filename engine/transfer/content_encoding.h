// How hoist marks an object it stored compressed, and how it recognises one to decompress:
// Content-Encoding names the codec (gzip or zstd, as browsers, curl and aws-cli expect) and
// x-amz-meta-hoist-uncompressed-size keeps the file's own size, which S3 otherwise loses.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/compress/codec.h"
#include "engine/http/message.h"

namespace hoist::transfer {

inline constexpr std::string_view kUncompressedSizeMetadata = "hoist-uncompressed-size";

// Appends Content-Encoding for `codec` and, when known, the uncompressed size.
void add_encoding_headers(http::Headers* headers, const compress::Codec& codec,
                          std::optional<uint64_t> uncompressed_size);

// The codec that decodes an object stored with `content_encoding` ("gzip", "x-gzip" or
// "zstd", any case); nullopt for identity, none, or an encoding hoist cannot decode.
std::optional<compress::Codec> codec_for_encoding(std::string_view content_encoding);

}  // namespace hoist::transfer
