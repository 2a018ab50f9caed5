# Installation: libraries, headers and a CMake package so that another project can
# find_package(infoplane) and link infoplane::nn / infoplane::estimators / infoplane::datasets.
