@echo off
rem ELAN runs this in the extension folder and talks to it over stdin/stdout (autotier.cmdi):
rem the PARAM XML comes in on stdin, PROGRESS:/RESULT lines go out on stdout, both untouched.
rem Java 17 or newer: JAVA_HOME when it is set, else java on PATH. Nothing is downloaded.
setlocal
set "HERE=%~dp0"
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
"%JAVA%" -XX:+UseSerialGC "-Dautotier.home=%HERE%." -jar "%HERE%lib\autotier.jar" elan-recognizer
set "STATUS=%ERRORLEVEL%"
rem 9009: cmd found no such program
if "%STATUS%"=="9009" (
  if defined JAVA_HOME (
    echo autotier: no Java at "%JAVA_HOME%\bin\java": set JAVA_HOME to a Java 17 or newer installation, or unset it to use java on PATH 1>&2
  ) else (
    echo autotier: java is not on PATH: install Java 17 or newer, or set JAVA_HOME to it 1>&2
  )
)
exit /b %STATUS%
