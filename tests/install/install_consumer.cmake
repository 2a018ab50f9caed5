# tests/install/install_consumer.cmake — installs a built infoplane tree into a scratch prefix, then
# configures, builds and runs the project next to this file against it, as a user's project would.
#   cmake -DBUILD_DIR=<built tree> -DSOURCE_DIR=<infoplane checkout> -P install_consumer.cmake
foreach(required BUILD_DIR SOURCE_DIR)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "install_consumer: pass -D${required}=<path>")
  endif()
endforeach()

# The consumer uses the compiler, generator and build type of the tree it tests.
load_cache(${BUILD_DIR} READ_WITH_PREFIX build_
  CMAKE_CXX_COMPILER CMAKE_GENERATOR CMAKE_BUILD_TYPE CMAKE_INSTALL_LIBDIR CMAKE_INSTALL_INCLUDEDIR
  CMAKE_INSTALL_BINDIR)

set(work ${BUILD_DIR}/install_consumer)
set(prefix ${work}/prefix)
file(REMOVE_RECURSE ${work})

# Runs a command; stops with its output when it fails, else leaves the output in `output`.
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "install_consumer: ${what} failed (${status}):\n${out}")
  endif()
  set(output "${out}" PARENT_SCOPE)
endfunction()

run("cmake --install ${BUILD_DIR}" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
set(package_dir ${prefix}/${build_CMAKE_INSTALL_LIBDIR}/cmake/infoplane)
foreach(file
    ${build_CMAKE_INSTALL_BINDIR}/infoplane
    ${build_CMAKE_INSTALL_INCLUDEDIR}/infoplane/nn/tensor.hpp
    ${build_CMAKE_INSTALL_INCLUDEDIR}/infoplane/estimators/estimator.hpp
    ${build_CMAKE_INSTALL_INCLUDEDIR}/infoplane/datasets/dataset.hpp
    ${build_CMAKE_INSTALL_INCLUDEDIR}/infoplane/infoplane/version.hpp)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "install_consumer: ${prefix}/${file} was not installed")
  endif()
endforeach()

run("configuring the consumer" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install -B ${work}/build
  -G ${build_CMAKE_GENERATOR} -DCMAKE_CXX_COMPILER=${build_CMAKE_CXX_COMPILER}
  -DCMAKE_BUILD_TYPE=${build_CMAKE_BUILD_TYPE} -DCMAKE_PREFIX_PATH=${prefix}
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
load_cache(${work}/build READ_WITH_PREFIX consumer_ infoplane_DIR)
if(NOT consumer_infoplane_DIR STREQUAL package_dir)
  message(FATAL_ERROR "install_consumer: found infoplane in ${consumer_infoplane_DIR}, not in ${package_dir}")
endif()

run("building the consumer" ${CMAKE_COMMAND} --build ${work}/build)
run("running the consumer" ${work}/build/consumer)
message(STATUS "${output}")
file(REMOVE_RECURSE ${work})
