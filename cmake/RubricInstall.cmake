# Installation: headers, libraries, the CMake package (find_package(rubric CONFIG) giving
# rubric::core for C++ and rubric::capi for C) and the pkg-config file rubric.pc (C).
# Three components, one Debian package each (cmake/RubricPackage.cmake): runtime (the shared
# library), dev (headers, static C++ libraries, the CMake and pkg-config files, the Python
# package's source) and cli (the rubric program); and, for the Debian packages only, the
# bindings: java (rubric.jar), cil (Rubric.dll) and python (the rubric module).
include(CMakePackageConfigHelpers)

set(RUBRIC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/rubric)

install(TARGETS rubric_capi rubric_core rubric_grammar
  EXPORT rubricTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS rubric_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/rubric
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev
  FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_BINARY_DIR}/include/rubric/version.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/rubric COMPONENT dev)
install(FILES ${PROJECT_SOURCE_DIR}/capi/rubric.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT dev)

install(EXPORT rubricTargets NAMESPACE rubric:: DESTINATION ${RUBRIC_CMAKE_DIR} COMPONENT dev)
export(EXPORT rubricTargets NAMESPACE rubric::
  FILE ${PROJECT_BINARY_DIR}/rubricTargets.cmake)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/rubricConfig.cmake.in
  ${PROJECT_BINARY_DIR}/rubricConfig.cmake
  INSTALL_DESTINATION ${RUBRIC_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rubricConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/rubricConfig.cmake
  ${PROJECT_BINARY_DIR}/rubricConfigVersion.cmake
  DESTINATION ${RUBRIC_CMAKE_DIR} COMPONENT dev)

# pkg-config: paths joined correctly whether the install dirs are relative or absolute. With
# relative dirs the file is relocatable: the prefix is found from the file's own place, so
# `cmake --install --prefix` anywhere works.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(RUBRIC_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH RUBRIC_PC_UP "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
  set(RUBRIC_PC_PREFIX "\${pcfiledir}/${RUBRIC_PC_UP}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(RUBRIC_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  set(RUBRIC_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(RUBRIC_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(RUBRIC_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/rubric.pc.in ${PROJECT_BINARY_DIR}/rubric.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/rubric.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT dev)

# The Python package (capi/python), for `pip install PREFIX/share/rubric/python`. Its
# rubric/_paths.py records where the library was installed (written at install time, so
# that `cmake --install --prefix DIR` records DIR), and the binding loads it from there.
set(RUBRIC_PYTHON_DIR ${CMAKE_INSTALL_DATADIR}/rubric/python)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/capi/python/rubric
  DESTINATION ${RUBRIC_PYTHON_DIR} COMPONENT dev
  PATTERN "__pycache__" EXCLUDE
  PATTERN "_paths.py" EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/capi/python/pyproject.toml
  ${PROJECT_SOURCE_DIR}/capi/python/README.md
  DESTINATION ${RUBRIC_PYTHON_DIR} COMPONENT dev)
install(CODE "
  set(rubric_libdir \"${CMAKE_INSTALL_LIBDIR}\")
  if(NOT IS_ABSOLUTE \"\${rubric_libdir}\")
    set(rubric_libdir \"\${CMAKE_INSTALL_PREFIX}/\${rubric_libdir}\")
  endif()
  set(rubric_paths \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${RUBRIC_PYTHON_DIR}/rubric/_paths.py\")
  message(STATUS \"Installing: \${rubric_paths}\")
  file(WRITE \"\${rubric_paths}\"
    \"\\\"\\\"\\\"Where cmake --install put librubric (generated; see _lib.py).\\\"\\\"\\\"\\n\\n\"
    \"PREFIX = \\\"\${CMAKE_INSTALL_PREFIX}\\\"\\n\"
    \"LIBDIR = \\\"\${rubric_libdir}\\\"\\n\")
" COMPONENT dev)

# The bindings, where Debian puts them; installed only by the Debian packages (cpack), not by
# a plain `cmake --install`. The jar and the assembly exist when their tools are installed
# (capi/CMakeLists.txt).
if(RUBRIC_HAVE_JAVA)
  # Debian's Java policy: the versioned jar, and rubric.jar linking to it.
  file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/java/link)
  file(CREATE_LINK rubric-${PROJECT_VERSION}.jar ${PROJECT_BINARY_DIR}/java/link/rubric.jar
    SYMBOLIC)
  install(FILES ${PROJECT_BINARY_DIR}/java/package/rubric.jar
    DESTINATION ${CMAKE_INSTALL_DATADIR}/java RENAME rubric-${PROJECT_VERSION}.jar COMPONENT java EXCLUDE_FROM_ALL)
  install(FILES ${PROJECT_BINARY_DIR}/java/link/rubric.jar
    DESTINATION ${CMAKE_INSTALL_DATADIR}/java COMPONENT java EXCLUDE_FROM_ALL)
endif()
if(RUBRIC_HAVE_DOTNET)
  # Mono maps DllImport("rubric") to the runtime package's library (the build tree's
  # Rubric.dll.config names the build's instead).
  file(WRITE ${PROJECT_BINARY_DIR}/dotnet-package/Rubric.dll.config
    "<configuration>\n  <dllmap dll=\"rubric\" target=\"librubric.so.${PROJECT_VERSION_MAJOR}\" />\n</configuration>\n")
  install(FILES ${PROJECT_BINARY_DIR}/dotnet/Rubric.dll
    ${PROJECT_BINARY_DIR}/dotnet-package/Rubric.dll.config
    DESTINATION lib/cli/rubric COMPONENT cil EXCLUDE_FROM_ALL)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/capi/python/rubric
  DESTINATION lib/python3/dist-packages COMPONENT python EXCLUDE_FROM_ALL
  PATTERN "__pycache__" EXCLUDE
  PATTERN "_paths.py" EXCLUDE)
