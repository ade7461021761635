// hoist::Error values for failures on the local side (files) and for refused input.
#pragma once

#include <string>

#include "hoist/error.h"
#include "io/status.h"

namespace hoist::transfer {

// A local file failure: the message names the path and the system's reason.
Error local_error(const io::Status& status, const std::string& path);
Error local_error(std::string code, std::string message, const std::string& path);
// Why a walked entry cannot be uploaded: the errno the walk met (`error`), or with 0, that
// it is not a regular file (a FIFO, socket or device).
Error unreadable_entry(int error, const std::string& path);

// The caller's input was refused before anything was sent.
Error invalid_input(std::string code, std::string message);

}  // namespace hoist::transfer
