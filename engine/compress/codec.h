// A compression codec and level chosen by name, the one place the rest of hoist asks for
// compression: `--compress gzip:1` becomes Codec::parse("gzip:1"), and the Codec makes the
// compressors and decompressors for it.
//
//   gzip[:level]   ISA-L igzip, levels 0-3 (default 1); output is .gz
//   zstd[:level]   libzstd, levels 1-19 or -7..-1 for the fast modes (default 3); .zst
//
// A Codec is a small immutable value; copy it freely and share it between threads.
#ifndef HOIST_ENGINE_COMPRESS_CODEC_H_
#define HOIST_ENGINE_COMPRESS_CODEC_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/compress/compressor.h"
#include "engine/compress/decompressor.h"

namespace hoist::compress {

enum class CodecKind { gzip, zstd };

class Codec {
 public:
  // Parses "gzip", "gzip:L", "zstd" or "zstd:L", ignoring the case of the name. On failure
  // returns nullopt and, if error is given, sets it to a message saying what is accepted.
  static std::optional<Codec> parse(std::string_view spec, std::string* error = nullptr);

  // The codec at its default level.
  static Codec with_default_level(CodecKind kind);

  CodecKind kind() const { return kind_; }
  int level() const { return level_; }

  // "gzip" or "zstd": also the Content-Encoding value of an object compressed with it.
  std::string_view name() const;

  // "gzip:1", "zstd:-3": parse(spec()) returns an equal Codec.
  std::string spec() const;

  // ".gz" or ".zst".
  std::string_view file_extension() const;

  std::unique_ptr<Compressor> make_compressor() const;
  std::unique_ptr<Decompressor> make_decompressor() const;

  friend bool operator==(const Codec&, const Codec&) = default;

 private:
  Codec(CodecKind kind, int level) : kind_(kind), level_(level) {}

  CodecKind kind_;
  int level_;
};

}  // namespace hoist::compress

#endif  // HOIST_ENGINE_COMPRESS_CODEC_H_
