# Warnings are errors on our own code only; third-party headers come in as SYSTEM includes.
add_library(kj_warnings INTERFACE)
target_compile_options(kj_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror)
