# Run by CPack before it builds the packages (CPACK_PRE_BUILD_SCRIPTS): removes the debug
# sections of the staged static libraries, which CPACK_STRIP_FILES leaves alone.
file(GLOB_RECURSE rubric_archives "${CPACK_TEMPORARY_DIRECTORY}/*.a")
foreach(archive IN LISTS rubric_archives)
  execute_process(COMMAND strip --strip-debug --enable-deterministic-archives "${archive}"
    RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "strip --strip-debug ${archive} failed")
  endif()
endforeach()
