# Warnings are errors on our own code only; third-party headers come in as SYSTEM includes.
# -Wmissing-field-initializers is off: GCC 12 warns on designated initializers that leave
# members with default member initializers out, which is exactly how input structs are meant
# to be filled.
add_library(kj_warnings INTERFACE)
target_compile_options(kj_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror -Wno-missing-field-initializers)
