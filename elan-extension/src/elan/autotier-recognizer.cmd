@echo off
rem ELAN runs this in the extension folder and talks to it over stdin/stdout (autotier.cmdi).
rem Java 17 or newer must be on PATH, or JAVA_HOME must point at it.
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
"%JAVA%" -XX:+UseSerialGC "-Dautotier.home=%~dp0." -jar "%~dp0lib\autotier.jar" elan-recognizer
