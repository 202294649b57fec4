# Generates a C source holding one file as a string constant.
# Called as: cmake -DIN=<file> -DOUT=<file.c> -DNAME=<symbol> -P embed_file.cmake
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){24})" "\\1\n\t" bytes "${bytes}")
get_filename_component(from "${IN}" NAME)
set(body "/* Generated from ${from} by cmake/embed_file.cmake; do not edit. */\n#include <stddef.h>\n\n")
string(APPEND body "const char ${NAME}[] = {\n\t${bytes}0x00\n};\n")
string(APPEND body "const size_t ${NAME}_len = ${len};\n")
file(WRITE "${OUT}.tmp" "${body}")
file(RENAME "${OUT}.tmp" "${OUT}")
