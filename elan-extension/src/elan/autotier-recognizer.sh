#!/bin/sh
# ELAN runs this in the extension folder on Linux and macOS and talks to it over stdin/stdout
# (autotier.cmdi): the PARAM XML comes in on stdin, PROGRESS:/RESULT lines go out on stdout.
# Plain POSIX sh: macOS's /bin/sh (bash 3.2 or dash) and Linux's. Nothing is downloaded.
# Java 17 or newer: JAVA_HOME when it is set; on macOS, else the one /usr/libexec/java_home
# names; else java on PATH.
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
java_home_tool=${AUTOTIER_JAVA_HOME_TOOL:-/usr/libexec/java_home}
if [ -z "${JAVA_HOME:-}" ] && [ -x "$java_home_tool" ]; then
    JAVA_HOME=$("$java_home_tool" -v 17+ 2>/dev/null) || JAVA_HOME=
fi
if [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java; else java=java; fi
if ! command -v "$java" >/dev/null 2>&1; then
    if [ -n "${JAVA_HOME:-}" ]; then
        echo "autotier: no Java at $java: set JAVA_HOME to a Java 17 or newer installation" >&2
    else
        echo "autotier: java is not on PATH: install Java 17 or newer, or set JAVA_HOME to it" >&2
    fi
    exit 127
fi
exec "$java" -XX:+UseSerialGC -Dautotier.home="$here" -jar "$here/lib/autotier.jar" elan-recognizer
