# The SDK's files (component dev, the livekit-meet-dev package):
#
#   <prefix>/include/livekit/*.hpp                          the public headers
#   <libdir>/liblivekit-server-sdk.so.<soversion>           LiveKit::server_sdk
#   <libdir>/liblivekit-meet.so.<soversion>                 LiveKit::meet
#   <libdir>/cmake/LiveKitServerSDK, <libdir>/cmake/LiveKitMeet   find_package(... CONFIG)
#   <libdir>/pkgconfig/livekit-server-sdk.pc, livekit-meet.pc
if(NOT TARGET livekit_server_sdk OR NOT TARGET livekit_meet)
  return()
endif()
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/livekit DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        COMPONENT dev FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/include/livekit/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/livekit COMPONENT dev)

# A 0.x minor release may break compatibility (semver), so a consumer asking for 0.1 must get 0.1;
# from 1.0 on, the major version decides.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(lkm_compatibility SameMinorVersion)
else()
  set(lkm_compatibility SameMajorVersion)
endif()

foreach(package IN ITEMS LiveKitServerSDK LiveKitMeet)
  if(package STREQUAL LiveKitServerSDK)
    set(target livekit_server_sdk)
  else()
    set(target livekit_meet)
  endif()
  set(config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/${package})
  install(TARGETS ${target} EXPORT ${package}Targets COMPONENT dev
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(EXPORT ${package}Targets NAMESPACE LiveKit:: DESTINATION ${config_dir} COMPONENT dev)
  configure_package_config_file(${CMAKE_CURRENT_SOURCE_DIR}/sdk/${package}Config.cmake.in
    ${CMAKE_CURRENT_BINARY_DIR}/${package}Config.cmake INSTALL_DESTINATION ${config_dir})
  write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/${package}ConfigVersion.cmake
    VERSION ${PROJECT_VERSION} COMPATIBILITY ${lkm_compatibility})
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${package}Config.cmake
                ${CMAKE_CURRENT_BINARY_DIR}/${package}ConfigVersion.cmake
          DESTINATION ${config_dir} COMPONENT dev)
endforeach()

# pkg-config: the prefix relative to the .pc file (${pcfiledir}), so that the files are right
# under any --prefix, DESTDIR or moved tree.
file(RELATIVE_PATH lkm_pc_to_prefix "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" lkm_pc_to_prefix "${lkm_pc_to_prefix}")
foreach(pc IN ITEMS livekit-server-sdk livekit-meet)
  configure_file(${CMAKE_CURRENT_SOURCE_DIR}/sdk/${pc}.pc.in ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc
    @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
          COMPONENT dev)
endforeach()
