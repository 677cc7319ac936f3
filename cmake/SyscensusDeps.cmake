# Third-party libraries, all from Debian 12 packages.
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(OpenSSL REQUIRED)  # SHA-256 for content hashes

# libsoci-dev 4.0.3 ships neither a CMake config nor a pkg-config file.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIBRARY soci_core REQUIRED)
find_library(SOCI_SQLITE3_LIBRARY soci_sqlite3 REQUIRED)
find_library(SOCI_POSTGRESQL_LIBRARY soci_postgresql REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(Boost REQUIRED)  # SOCI's headers were built with Boost support

add_library(soci::soci INTERFACE IMPORTED)
target_include_directories(soci::soci INTERFACE ${SOCI_INCLUDE_DIR} ${PostgreSQL_INCLUDE_DIRS})
target_link_libraries(soci::soci INTERFACE
  ${SOCI_SQLITE3_LIBRARY} ${SOCI_POSTGRESQL_LIBRARY} ${SOCI_CORE_LIBRARY}
  PostgreSQL::PostgreSQL SQLite::SQLite3 Boost::headers ${CMAKE_DL_LIBS})

find_path(UTF8PROC_INCLUDE_DIR utf8proc.h REQUIRED)
find_library(UTF8PROC_LIBRARY utf8proc REQUIRED)
add_library(utf8proc::utf8proc INTERFACE IMPORTED)
target_include_directories(utf8proc::utf8proc INTERFACE ${UTF8PROC_INCLUDE_DIR})
target_link_libraries(utf8proc::utf8proc INTERFACE ${UTF8PROC_LIBRARY})
