// Random identifiers for upload ids and content file names: unguessable and, at 128 bits or
// more, unique without coordination between threads or server restarts.
#pragma once

#include <cstddef>
#include <string>

namespace hoist::serve {

// 2 * bytes lowercase hex digits.
std::string random_hex_id(size_t bytes = 16);

}  // namespace hoist::serve
