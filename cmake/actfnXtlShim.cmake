# Debian 12's xsimd package (libxsimd-dev 8.1) was built with xtl support: its imported
# target `xsimd` lists `xtl` in INTERFACE_LINK_LIBRARIES, but the package neither ships
# nor looks for xtl (Debian has no libxtl-dev), so every program linking xsimd would get
# -lxtl and fail to link. The headers do not need xtl unless XSIMD_ENABLE_XTL_COMPLEX is
# defined, and actfn does not define it. When xtl is wanted but cannot be found, an empty
# imported target of that name stands in for it. Included right after finding xsimd, by
# actfn's CMakeLists.txt and by the installed actfnConfig.cmake.
# SPDX-License-Identifier: MIT
if(TARGET xsimd AND NOT TARGET xtl)
  get_target_property(_actfn_xsimd_links xsimd INTERFACE_LINK_LIBRARIES)
  if("xtl" IN_LIST _actfn_xsimd_links)
    find_package(xtl QUIET)
    if(NOT TARGET xtl)
      add_library(xtl INTERFACE IMPORTED)
    endif()
  endif()
  unset(_actfn_xsimd_links)
endif()
