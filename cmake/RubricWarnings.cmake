# rubric_set_warnings(TARGET): the project's warning flags, as errors when RUBRIC_WERROR is on.
function(rubric_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 reports false -Wrestrict positives inside libstdc++'s std::string operator+ at
    # -O2 and above (GCC bug 105329); the warning is sound on other compilers.
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(RUBRIC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
