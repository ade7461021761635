#include "engine/compress/codec.h"

#include <cctype>
#include <charconv>

#include "engine/compress/codecs.h"

namespace hoist::compress {
namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool valid_level(CodecKind kind, int level) {
  if (kind == CodecKind::gzip) return level >= kGzipMinLevel && level <= kGzipMaxLevel;
  return level >= kZstdMinLevel && level <= kZstdMaxLevel && level != 0;
}

std::string level_rule(CodecKind kind) {
  if (kind == CodecKind::gzip) {
    return "gzip levels are " + std::to_string(kGzipMinLevel) + " to " +
           std::to_string(kGzipMaxLevel);
  }
  return "zstd levels are 1 to " + std::to_string(kZstdMaxLevel) + ", or " +
         std::to_string(kZstdMinLevel) + " to -1 for the fast modes";
}

}  // namespace

std::optional<Codec> Codec::parse(std::string_view spec, std::string* error) {
  auto fail = [&](const std::string& why) -> std::optional<Codec> {
    if (error != nullptr) *error = "invalid compression '" + std::string(spec) + "': " + why;
    return std::nullopt;
  };

  const std::size_t colon = spec.find(':');
  const std::string name = lowercase(spec.substr(0, colon));
  CodecKind kind;
  if (name == "gzip") {
    kind = CodecKind::gzip;
  } else if (name == "zstd") {
    kind = CodecKind::zstd;
  } else {
    return fail("unknown codec (expected gzip[:level] or zstd[:level])");
  }
  if (colon == std::string_view::npos) return with_default_level(kind);

  const std::string_view digits = spec.substr(colon + 1);
  int level = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), level);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return fail("level is not a number; " + level_rule(kind));
  }
  if (!valid_level(kind, level)) return fail(level_rule(kind));
  return Codec(kind, level);
}

Codec Codec::with_default_level(CodecKind kind) {
  return kind == CodecKind::gzip ? Codec(kind, kGzipDefaultLevel) : Codec(kind, kZstdDefaultLevel);
}

std::string_view Codec::name() const { return kind_ == CodecKind::gzip ? "gzip" : "zstd"; }

std::string Codec::spec() const { return std::string(name()) + ":" + std::to_string(level_); }

std::string_view Codec::file_extension() const {
  return kind_ == CodecKind::gzip ? ".gz" : ".zst";
}

std::unique_ptr<Compressor> Codec::make_compressor() const {
  if (kind_ == CodecKind::gzip) return make_gzip_compressor(level_);
  return make_zstd_compressor(level_);
}

std::unique_ptr<Decompressor> Codec::make_decompressor() const {
  if (kind_ == CodecKind::gzip) return make_gzip_decompressor();
  return make_zstd_decompressor();
}

}  // namespace hoist::compress
