# Warnings are errors on our own code only; third-party headers come in as SYSTEM includes.
# -Wmissing-field-initializers is off: GCC 12 warns on designated initializers that leave
# members with default member initializers out, which is exactly how input structs are meant
# to be filled.
# -Wrestrict and -Wmaybe-uninitialized are off for GCC: when optimizing, GCC 12 reports false
# positives inside libstdc++ (string assignment, GCC bug 105329; std::optional<std::variant<…>>
# moves, GCC bug 80635), which would break optimized builds. Clang (fuzz build) keeps its own checks.
add_library(kj_warnings INTERFACE)
target_compile_options(kj_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror -Wno-missing-field-initializers
                                             $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
                                             $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
