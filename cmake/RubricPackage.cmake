# Debian packages with CPack: `cpack -G DEB` in a build directory writes, into its packages/
# folder, one package per install component (cmake/RubricInstall.cmake):
#
#   librubric0     runtime  librubric.so.0 (the C ABI); named after its SONAME
#   librubric-dev  dev      headers, librubric.so, the static C++ libraries, rubric.pc, the
#                           CMake package, the Python package's source; depends on exactly
#                           this version of librubric0
#   rubric         cli      the rubric program
#   librubric-java java     /usr/share/java/rubric.jar (the Java binding over JNA), when
#                           javac and JNA are installed at build time
#   librubric-cil  cil      /usr/lib/cli/rubric/Rubric.dll (the C# binding) with a dllmap
#                           to librubric.so.0, when Mono's mcs is installed at build time
#   python3-rubric python   the Python binding, /usr/lib/python3/dist-packages/rubric
#
# The bindings' packages depend on exactly this version of librubric0.
# Library dependencies (libabsl, libxlsxwriter, libzip, libstdc++ ...) are computed by
# dpkg-shlibdeps (Debian's dpkg-dev). Files go where a package with prefix /usr puts them:
# the library folder is GNUInstallDirs' CMAKE_INSTALL_LIBDIR (lib/<multiarch> when the build
# is configured with CMAKE_INSTALL_PREFIX=/usr, else lib; both are on the loader's path).
# tools/check-deb.sh builds, inspects, installs and uses them.

set(RUBRIC_PACKAGE_MAINTAINER "rubric maintainers <maintainers@rubric.invalid>"
  CACHE STRING "The Maintainer field of the Debian packages (Name <email>)")
set(RUBRIC_PACKAGE_RELEASE 1 CACHE STRING "The Debian revision of the packages (0.4.0-N)")

set(CPACK_PACKAGE_NAME rubric)
set(CPACK_PACKAGE_VENDOR "rubric")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# CPack's own default summary, which CPackDeb does not prepend to a package's description:
# each package's synopsis is then the first line of its CPACK_DEBIAN_<COMPONENT>_DESCRIPTION
# (CPackDeb indents the other lines, and an empty line separates paragraphs).
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CMAKE_PROJECT_NAME} built using CMake")
set(CPACK_PACKAGE_CONTACT "${RUBRIC_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Installed with DESTDIR, so that what the install records (the Python package's
# rubric/_paths.py) says /usr, not the staging folder.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
# Executables and the shared library stripped; the static libraries' debug sections too
# (cmake/debian/strip-static.cmake, run on the staged files).
set(CPACK_STRIP_FILES ON)
set(CPACK_PRE_BUILD_SCRIPTS ${PROJECT_SOURCE_DIR}/cmake/debian/strip-static.cmake)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(RUBRIC_PACKAGE_COMPONENTS runtime dev cli python)
if(RUBRIC_HAVE_JAVA)
  list(APPEND RUBRIC_PACKAGE_COMPONENTS java)
endif()
if(RUBRIC_HAVE_DOTNET)
  list(APPEND RUBRIC_PACKAGE_COMPONENTS cil)
endif()
set(CPACK_COMPONENTS_ALL ${RUBRIC_PACKAGE_COMPONENTS})
foreach(component dev java cil python)
  string(TOUPPER ${component} upper)
  set(CPACK_COMPONENT_${upper}_DEPENDS runtime)
endforeach()

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${RUBRIC_PACKAGE_RELEASE})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${RUBRIC_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)  # librubric-dev: librubric0 (= VERSION-RELEASE)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME librubric${PROJECT_VERSION_MAJOR})
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
# The shlibs file, so that packages built against librubric0 get their dependency from
# dpkg-shlibdeps too, and the ldconfig trigger. (CPack adds a postinst and a postrm that
# call ldconfig as well; lintian warns about them, and they are harmless.)
configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/shlibs.in ${PROJECT_BINARY_DIR}/debian/shlibs
  @ONLY)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA
  ${PROJECT_BINARY_DIR}/debian/shlibs ${PROJECT_SOURCE_DIR}/cmake/debian/triggers)
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "rules engine for standards-based scoring (shared library)
rubric compiles evaluation standards (indicators, typed inputs, weights,
scoring rules, grade bands, vetoes) written in a small language into an
evaluation plan, and scores many entities over many periods with it.

This package holds librubric.so.${PROJECT_VERSION_MAJOR}, the stable C ABI (rubric.h) that C
programs and the language bindings (Java, C#, Python) use.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME librubric-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# The CMake package's rubric::core is a static library: find_package(rubric) looks for its
# dependencies' CMake packages, and its consumers link them.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libabsl-dev, libboost-dev (>= 1.74), nlohmann-json3-dev (>= 3.10), libssl-dev (>= 3)")
set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS "pkg-config, cmake")
set(CPACK_DEBIAN_DEV_DESCRIPTION "rules engine for standards-based scoring (development files)
rubric compiles evaluation standards written in a small language into an
evaluation plan, and scores many entities over many periods with it.

This package holds the C header rubric.h with librubric.so and rubric.pc
(pkg-config), the C++ API (headers and static libraries), the CMake package
for find_package(rubric), and the Python binding (/usr/share/rubric/python).")

set(CPACK_DEBIAN_CLI_PACKAGE_NAME rubric)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_CLI_DESCRIPTION "rules engine for standards-based scoring (command line)
rubric compiles evaluation standards written in a small language into an
evaluation plan, and scores many entities over many periods with it.

This package holds the rubric program: check, score (tables, CSV, JSON,
Excel), report, explain, what-if, lint, format, graph and diff standards.")

set(CPACK_DEBIAN_JAVA_PACKAGE_NAME librubric-java)
set(CPACK_DEBIAN_JAVA_PACKAGE_SECTION java)
set(CPACK_DEBIAN_JAVA_PACKAGE_ARCHITECTURE all)
# Debian's Java policy: a library does not depend on a runtime (its users' programs do).
set(CPACK_DEBIAN_JAVA_PACKAGE_DEPENDS "libjna-java (>= 5)")
set(CPACK_DEBIAN_JAVA_DESCRIPTION "rules engine for standards-based scoring (Java binding)
rubric compiles evaluation standards written in a small language into an
evaluation plan, and scores many entities over many periods with it.

This package holds /usr/share/java/rubric.jar (rubric-${PROJECT_VERSION}.jar), the
Java binding over the C ABI with JNA (package org.rubric). Its manifest
names jna.jar, so java -cp /usr/share/java/rubric.jar runs a program that
uses it.")

set(CPACK_DEBIAN_CIL_PACKAGE_NAME librubric-cil)
set(CPACK_DEBIAN_CIL_PACKAGE_SECTION cli-mono)
set(CPACK_DEBIAN_CIL_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_CIL_PACKAGE_DEPENDS "mono-runtime (>= 6)")
set(CPACK_DEBIAN_CIL_DESCRIPTION "rules engine for standards-based scoring (C# binding)
rubric compiles evaluation standards written in a small language into an
evaluation plan, and scores many entities over many periods with it.

This package holds /usr/lib/cli/rubric/Rubric.dll, the C# binding over the C
ABI (namespace Rubric), with a dllmap that points Mono at librubric.so.0.")

set(CPACK_DEBIAN_PYTHON_PACKAGE_NAME python3-rubric)
set(CPACK_DEBIAN_PYTHON_PACKAGE_SECTION python)
set(CPACK_DEBIAN_PYTHON_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_PYTHON_PACKAGE_DEPENDS "python3 (>= 3.8)")
set(CPACK_DEBIAN_PYTHON_PACKAGE_SUGGESTS "python3-numpy, python3-pandas")
set(CPACK_DEBIAN_PYTHON_DESCRIPTION "rules engine for standards-based scoring (Python binding)
rubric compiles evaluation standards written in a small language into an
evaluation plan, and scores many entities over many periods with it.

This package holds the Python module rubric, the binding over the C ABI
(ctypes); with python3-numpy and python3-pandas, columnar results as arrays
and data frames.")

# /usr/share/doc/PACKAGE/copyright (Debian's machine-readable format, pointing to Debian's
# copy of the license that LICENSE holds) and changelog.Debian.gz in every package; only
# in the packages, not in a plain `cmake --install`.
file(READ ${PROJECT_SOURCE_DIR}/LICENSE RUBRIC_LICENSE_TEXT LIMIT 200)
if(NOT RUBRIC_LICENSE_TEXT MATCHES "Apache License[ \n]+Version 2.0")
  message(FATAL_ERROR "LICENSE is not the Apache License 2.0: update cmake/debian/copyright.in")
endif()
string(TIMESTAMP RUBRIC_PACKAGE_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
foreach(component ${RUBRIC_PACKAGE_COMPONENTS})
  string(TOUPPER ${component} upper)
  set(RUBRIC_DEB_PACKAGE ${CPACK_DEBIAN_${upper}_PACKAGE_NAME})
  set(dir ${PROJECT_BINARY_DIR}/debian/${RUBRIC_DEB_PACKAGE})
  configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/copyright.in ${dir}/copyright @ONLY)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/changelog.in ${dir}/changelog.Debian @ONLY)
  execute_process(COMMAND gzip -9nf ${dir}/changelog.Debian RESULT_VARIABLE gzip_result)
  if(NOT gzip_result EQUAL 0)
    message(FATAL_ERROR "gzip ${dir}/changelog.Debian failed")
  endif()
  install(FILES ${dir}/copyright ${dir}/changelog.Debian.gz
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${RUBRIC_DEB_PACKAGE}
    COMPONENT ${component} EXCLUDE_FROM_ALL)
endforeach()

include(CPack)
