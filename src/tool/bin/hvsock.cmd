@echo off
rem hvsock launcher: runs hvsock.jar from this scripts directory with %JAVA_HOME%\bin\java or java on the PATH.
setlocal
set "HVSOCK_JAVA_EXE=java"
if defined JAVA_HOME set "HVSOCK_JAVA_EXE=%JAVA_HOME%\bin\java"
"%HVSOCK_JAVA_EXE%" --enable-native-access=ALL-UNNAMED %HVSOCK_JAVA_OPTS% -jar "%~dp0hvsock.jar" %*
exit /b %ERRORLEVEL%
