# Install layout (GNUInstallDirs) and the Debian packages (CPack), included at the end of the
# top-level CMakeLists.txt. The executables' install() rules sit next to their targets
# (nodecore/app, gui); this file installs what has no target and configures CPack.
#
#   cmake --install build --prefix /usr            # or DESTDIR=/tmp/root cmake --install build
#   cd build && cpack -G DEB                       # chordlab-node_*.deb, chordlab_*.deb
#
# Two packages, by component:
#   node     chordlab-node: chord-node, chordctl, the systemd unit and its helper, docs
#   desktop  chordlab:      the chordlab app, its .desktop file and icon (translations are
#            embedded in the binary); depends on chordlab-node, whose chord-node it launches
include(GNUInstallDirs)

set(CHORDLAB_PACKAGE_MAINTAINER "ChordLab maintainers <chordlab@example.org>"
    CACHE STRING "Maintainer field of the Debian packages")
set(CHORDLAB_SYSTEMD_UNIT_DIR "lib/systemd/system"
    CACHE STRING "Where the systemd unit goes, relative to the install prefix")

# --- the systemd template unit and the helper that turns its environment into options ---
# ExecStart names the helper by its absolute path, known only at install time (cpack installs
# with prefix /usr whatever CMAKE_INSTALL_PREFIX says), so the unit is configured then.
install(CODE "
    set(CHORD_NODE_SERVICE \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBEXECDIR}/chordlab/chord-node-service\")
    configure_file(\"${PROJECT_SOURCE_DIR}/packaging/chord-node@.service\"
        \"${PROJECT_BINARY_DIR}/packaging/chord-node@.service\" @ONLY)
    " COMPONENT node)
install(FILES ${PROJECT_BINARY_DIR}/packaging/chord-node@.service
    DESTINATION ${CHORDLAB_SYSTEMD_UNIT_DIR} COMPONENT node)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/packaging/chord-node-service
    DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/chordlab COMPONENT node)

# --- documentation: README, docs/*.md, the OpenAPI document, the Postman collection ---
set(CHORDLAB_DOC_DIR ${CMAKE_INSTALL_DATAROOTDIR}/doc/chordlab)
file(GLOB chordlab_doc_pages CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${chordlab_doc_pages}
    ${PROJECT_SOURCE_DIR}/packaging/example.env
    DESTINATION ${CHORDLAB_DOC_DIR} COMPONENT node)
install(FILES ${PROJECT_SOURCE_DIR}/resources/openapi/chordlab.yaml
    DESTINATION ${CHORDLAB_DOC_DIR}/openapi COMPONENT node)
file(GLOB chordlab_postman CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/resources/postman/*.json)
install(FILES ${chordlab_postman} DESTINATION ${CHORDLAB_DOC_DIR}/postman COMPONENT node)
if(EXISTS ${PROJECT_SOURCE_DIR}/docs/screenshots)
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/screenshots
        DESTINATION ${CHORDLAB_DOC_DIR} COMPONENT node)
endif()

# --- CPack: Debian packages ---
set(CPACK_GENERATOR "DEB" CACHE STRING "CPack generators")
set(CPACK_PACKAGE_NAME "chordlab")
set(CPACK_PACKAGE_VENDOR "ChordLab")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "${CHORDLAB_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/packages")

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL node)
set(CPACK_COMPONENT_NODE_DISPLAY_NAME "Chord DHT node and chordctl")
set(CPACK_COMPONENT_DESKTOP_DISPLAY_NAME "ChordLab desktop app")
set(CPACK_COMPONENT_DESKTOP_DEPENDS node)
if(TARGET chordlab)
    list(APPEND CPACK_COMPONENTS_ALL desktop)
endif()

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CHORDLAB_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/chordlab/chordlab")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)

set(CPACK_DEBIAN_NODE_PACKAGE_NAME "chordlab-node")
set(CPACK_DEBIAN_NODE_PACKAGE_SECTION net)
set(CPACK_DEBIAN_NODE_DESCRIPTION
"Chord distributed hash table node with an HTTP/JSON API
 chord-node is one node of a Chord ring (Zave's corrected protocol: successor
 lists, stabilize, rectify, fix-fingers), with replication, versioned values,
 key hand-off on join and leave, and an HTTP/JSON API for curl, Postman and
 scripts. chordctl boots, inspects and checks rings. Includes a systemd
 template unit, chord-node@.service, one environment file per instance.")
set(CPACK_DEBIAN_NODE_PACKAGE_SUGGESTS "curl")

set(CPACK_DEBIAN_DESKTOP_PACKAGE_NAME "chordlab")
set(CPACK_DEBIAN_DESKTOP_PACKAGE_SECTION education)
set(CPACK_DEBIAN_DESKTOP_DESCRIPTION
"live Chord DHT you can see and steer
 The ChordLab desktop app boots a ring of real chord-node processes (or
 attaches to one running elsewhere), draws the ring with its successor and
 finger pointers, and animates every hop of an iterative lookup. English and
 Italian.")
# Qt's own strings in Italian; the SVG plugin ships in libqt6svg6, found by shlibdeps.
set(CPACK_DEBIAN_DESKTOP_PACKAGE_RECOMMENDS "qt6-translations-l10n")

# Library dependencies from the binaries themselves (dpkg-shlibdeps, in dpkg-dev).
find_program(CHORDLAB_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(CHORDLAB_DPKG_SHLIBDEPS)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
    message(STATUS "dpkg-shlibdeps not found (package dpkg-dev): Depends listed by hand")
    set(CPACK_DEBIAN_NODE_PACKAGE_DEPENDS
        "libqt6core6 (>= 6.4), libqt6network6 (>= 6.4), libqcoro6core0, libqcoro6network0")
    set(CPACK_DEBIAN_DESKTOP_PACKAGE_DEPENDS
        "libqt6widgets6 (>= 6.4), libqt6svg6 (>= 6.4), libqt6gui6 (>= 6.4), libqt6charts6 (>= 6.4)")
endif()

include(CPack)
