# rubric_set_warnings(TARGET): the project's warning flags, as errors when RUBRIC_WERROR is on.
function(rubric_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(RUBRIC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
