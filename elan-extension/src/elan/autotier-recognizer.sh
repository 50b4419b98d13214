#!/bin/sh
# ELAN runs this in the extension folder and talks to it over stdin/stdout (autotier.cmdi).
# Java 17 or newer must be on PATH, or JAVA_HOME must point at it; nothing is downloaded.
here="$(cd "$(dirname "$0")" && pwd)"
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
exec "$java" -XX:+UseSerialGC -Dautotier.home="$here" -jar "$here/lib/autotier.jar" elan-recognizer
