# CPack: a Debian package with both programs, the .desktop entry, the icon, the
# translations and the demo data. Runtime dependencies come from dpkg-shlibdeps,
# so they name the exact Debian library packages the binaries link against.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME qlora-studio)
set(CPACK_PACKAGE_VENDOR "QLoRA Studio developers")
set(CPACK_PACKAGE_CONTACT "QLoRA Studio developers <dev@qlora-studio.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "A desktop application that reviews question-answer datasets, recommends precision and batch size for the GPU, fine-tunes language models with (Q)LoRA and chats with the result.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY qlora-studio)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Korean text needs a font with Hangul; Debian installs none by default.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-nanum | fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_STRIP_FILES ON)
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/package)
include(CPack)
