# Installation: libraries, headers and a CMake package so that another project can
# find_package(infoplane) and link infoplane::nn / infoplane::estimators / infoplane::datasets.
include(CMakePackageConfigHelpers)

set(INFOPLANE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/infoplane)
set(INFOPLANE_INCLUDE_DIR ${CMAKE_INSTALL_INCLUDEDIR}/infoplane)

# The installed archives are libinfoplane_nn.a etc.: a bare libnn.a would be anonymous in /usr/local/lib.
foreach(library nn estimators datasets)
  set_target_properties(${library} PROPERTIES OUTPUT_NAME infoplane_${library})
endforeach()
# The headers are C++20, so a consumer compiles as C++20 too (the build itself already does).
target_compile_features(nn INTERFACE cxx_std_20)

install(TARGETS nn estimators datasets EXPORT infoplaneTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS infoplane RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Every public header, taken at install time so that new headers need no edit here:
# P/include/infoplane/nn/tensor.hpp is included as "nn/tensor.hpp".
foreach(folder nn estimators datasets)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${folder}/ DESTINATION ${INFOPLANE_INCLUDE_DIR}/${folder}
    FILES_MATCHING PATTERN "*.hpp")
endforeach()
install(FILES ${PROJECT_BINARY_DIR}/generated/infoplane/version.hpp
  DESTINATION ${INFOPLANE_INCLUDE_DIR}/infoplane)

install(EXPORT infoplaneTargets NAMESPACE infoplane:: DESTINATION ${INFOPLANE_CMAKE_DIR})
configure_package_config_file(cmake/infoplaneConfig.cmake.in
  ${PROJECT_BINARY_DIR}/infoplaneConfig.cmake INSTALL_DESTINATION ${INFOPLANE_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/infoplaneConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/infoplaneConfig.cmake ${PROJECT_BINARY_DIR}/infoplaneConfigVersion.cmake
  DESTINATION ${INFOPLANE_CMAKE_DIR})
