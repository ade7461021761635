#include "engine/transfer/content_encoding.h"

#include <cctype>
#include <string>

namespace hoist::transfer {

void add_encoding_headers(http::Headers* headers, const compress::Codec& codec,
                          std::optional<uint64_t> uncompressed_size) {
  headers->emplace_back("Content-Encoding", std::string(codec.name()));
  if (uncompressed_size) {
    headers->emplace_back("x-amz-meta-" + std::string(kUncompressedSizeMetadata),
                          std::to_string(*uncompressed_size));
  }
}

std::optional<compress::Codec> codec_for_encoding(std::string_view content_encoding) {
  std::string name;
  for (char c : content_encoding) {
    if (c != ' ' && c != '\t')
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (name == "gzip" || name == "x-gzip") {
    return compress::Codec::with_default_level(compress::CodecKind::gzip);
  }
  if (name == "zstd") return compress::Codec::with_default_level(compress::CodecKind::zstd);
  return std::nullopt;
}

}  // namespace hoist::transfer
