# Writes one shell completion script by running the built hoist (cmake -P, at build time):
#   -DHOIST=<hoist binary> -DSHELL_NAME=bash|zsh -DOUTPUT=<file>
# A script, not a shell redirection in add_custom_command, so that it works with every
# generator and a failing hoist fails the build instead of leaving an empty file behind.
execute_process(
  COMMAND ${HOIST} completion ${SHELL_NAME}
  OUTPUT_FILE ${OUTPUT}.tmp
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(REMOVE ${OUTPUT}.tmp)
  message(FATAL_ERROR "hoist completion ${SHELL_NAME} failed: ${result}")
endif()
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
