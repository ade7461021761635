// CRC32 (ISO-HDLC: the CRC of gzip, zlib and Ethernet; what S3 calls CRC32) and CRC32C
// (Castagnoli; S3's CRC32C), both computed by ISA-L.
//
// Both follow the zlib convention: pass 0 to start, and pass the previous result to
// continue, so crc32(crc32(0, a), b) == crc32(0, a || b). Thread-safe; no state.
#ifndef HOIST_ENGINE_CHECKSUM_CRC32_H_
#define HOIST_ENGINE_CHECKSUM_CRC32_H_

#include <cstdint>
#include <span>

namespace hoist::checksum {

// CRC-32/ISO-HDLC: reflected polynomial 0xEDB88320, init and xorout 0xFFFFFFFF.
// crc32(0, "123456789") == 0xCBF43926.
std::uint32_t crc32(std::uint32_t crc, std::span<const std::uint8_t> data);

// CRC-32/ISCSI: reflected polynomial 0x82F63B78, init and xorout 0xFFFFFFFF.
// crc32c(0, "123456789") == 0xE3069283.
std::uint32_t crc32c(std::uint32_t crc, std::span<const std::uint8_t> data);

// Given crc_a = crc32(0, A) and crc_b = crc32(0, B), returns crc32(0, A || B) in
// O(log len_b) time without reading the data.
std::uint32_t crc32_combine(std::uint32_t crc_a, std::uint32_t crc_b, std::uint64_t len_b);

// The same for CRC32C.
std::uint32_t crc32c_combine(std::uint32_t crc_a, std::uint32_t crc_b, std::uint64_t len_b);

}  // namespace hoist::checksum

#endif  // HOIST_ENGINE_CHECKSUM_CRC32_H_
