@echo off
rem hvsock launcher for Windows: runs hvsock.jar from this script's directory with a Java 24 or newer:
rem %HVSOCK_JAVA% (a java.exe; used as given, refused if it is older), else %JAVA_HOME%\bin\java.exe, else
rem java.exe on the PATH, else the newest JDK 24+ in %ProgramFiles%\Java, Eclipse Adoptium, Microsoft, Zulu,
rem Amazon Corretto, BellSoft, Semeru, %LOCALAPPDATA%\Programs\Eclipse Adoptium or %USERPROFILE%\.jdks.
rem An older JAVA_HOME or PATH java is passed over. With -v or --verbose among the arguments it says which
rem java it took. %HVSOCK_JAVA_OPTS% adds JVM options. A java's version is read from its JDK's release
rem file, else from java -version. Lines stay simple (no blocks around expanded paths, which may hold
rem parentheses); the file keeps CRLF line ends.
setlocal
set "HVSOCK_REQUIRED=24"
set "HVSOCK_VERBOSE="
for %%a in (%*) do if "%%~a"=="-v" set "HVSOCK_VERBOSE=1"
for %%a in (%*) do if "%%~a"=="--verbose" set "HVSOCK_VERBOSE=1"
set "HVSOCK_EXE="
set "HVSOCK_PASSED="

if not defined HVSOCK_JAVA goto :javaHome
if not exist "%HVSOCK_JAVA%" goto :badHvsockJava
call :featureOfExe "%HVSOCK_JAVA%"
if not defined HVSOCK_FEATURE goto :useHvsockJava
if %HVSOCK_FEATURE% LSS %HVSOCK_REQUIRED% goto :oldHvsockJava
:useHvsockJava
if not defined HVSOCK_FEATURE set "HVSOCK_FEATURE=of unknown version"
set "HVSOCK_EXE=%HVSOCK_JAVA%"
if defined HVSOCK_VERBOSE echo hvsock: java: %HVSOCK_EXE% (Java %HVSOCK_FEATURE%, from HVSOCK_JAVA) 1>&2
goto :run

:javaHome
if not defined JAVA_HOME set "HVSOCK_PASSED=JAVA_HOME is not set"
if not defined JAVA_HOME goto :pathJava
if not exist "%JAVA_HOME%\bin\java.exe" set "HVSOCK_PASSED=JAVA_HOME (%JAVA_HOME%) has no bin\java.exe"
if not exist "%JAVA_HOME%\bin\java.exe" goto :pathJava
call :feature "%JAVA_HOME%"
if not defined HVSOCK_FEATURE set "HVSOCK_FEATURE=0"
if %HVSOCK_FEATURE% LSS %HVSOCK_REQUIRED% set "HVSOCK_PASSED=JAVA_HOME is Java %HVSOCK_FEATURE% (%JAVA_HOME%)"
if %HVSOCK_FEATURE% LSS %HVSOCK_REQUIRED% goto :pathJava
set "HVSOCK_EXE=%JAVA_HOME%\bin\java.exe"
if defined HVSOCK_VERBOSE echo hvsock: java: %HVSOCK_EXE% (Java %HVSOCK_FEATURE%, from JAVA_HOME) 1>&2
goto :run

:pathJava
if defined HVSOCK_VERBOSE echo hvsock: passed over: %HVSOCK_PASSED% 1>&2
set "HVSOCK_ON_PATH="
for /f "delims=" %%j in ('where java.exe 2^>nul') do if not defined HVSOCK_ON_PATH set "HVSOCK_ON_PATH=%%j"
if not defined HVSOCK_ON_PATH set "HVSOCK_PASSED=%HVSOCK_PASSED%, no java.exe on the PATH"
if not defined HVSOCK_ON_PATH goto :search
call :featureOfExe "%HVSOCK_ON_PATH%"
if not defined HVSOCK_FEATURE set "HVSOCK_FEATURE=0"
if %HVSOCK_FEATURE% LSS %HVSOCK_REQUIRED% set "HVSOCK_PASSED=%HVSOCK_PASSED%, java on the PATH is Java %HVSOCK_FEATURE% (%HVSOCK_ON_PATH%)"
if %HVSOCK_FEATURE% LSS %HVSOCK_REQUIRED% goto :search
set "HVSOCK_EXE=%HVSOCK_ON_PATH%"
if defined HVSOCK_VERBOSE echo hvsock: java: %HVSOCK_EXE% (Java %HVSOCK_FEATURE%, from the PATH) 1>&2
goto :run

:search
if defined HVSOCK_VERBOSE echo hvsock: passed over: %HVSOCK_PASSED% 1>&2
set "HVSOCK_BEST_FEATURE=0"
for %%p in ("%ProgramFiles%\Java" "%ProgramFiles%\Eclipse Adoptium" "%ProgramFiles%\Microsoft" "%ProgramFiles%\Zulu" "%ProgramFiles%\Amazon Corretto" "%ProgramFiles%\BellSoft" "%ProgramFiles%\Semeru" "%LOCALAPPDATA%\Programs\Eclipse Adoptium" "%USERPROFILE%\.jdks") do for /d %%d in ("%%~p\*") do call :consider "%%~d"
if not defined HVSOCK_EXE goto :noJava
if defined HVSOCK_VERBOSE echo hvsock: java: %HVSOCK_EXE% (Java %HVSOCK_BEST_FEATURE%, found in the usual install places) 1>&2
goto :run

:run
rem hvsock.launcher: hvsock.jar's own check of the Java version then names HVSOCK_JAVA, not this script
"%HVSOCK_EXE%" --enable-native-access=ALL-UNNAMED -Dhvsock.launcher=script %HVSOCK_JAVA_OPTS% -jar "%~dp0hvsock.jar" %*
exit /b %ERRORLEVEL%

:badHvsockJava
echo hvsock: HVSOCK_JAVA is "%HVSOCK_JAVA%", which does not exist: point it at the java.exe of a JDK %HVSOCK_REQUIRED% or newer, or unset it to let this script find one 1>&2
exit /b 6

:oldHvsockJava
echo hvsock: HVSOCK_JAVA is Java %HVSOCK_FEATURE% (%HVSOCK_JAVA%), hvsock needs Java %HVSOCK_REQUIRED% or newer: point HVSOCK_JAVA at the java.exe of a newer JDK, or unset it to let this script find one 1>&2
exit /b 6

:noJava
echo hvsock: needs Java %HVSOCK_REQUIRED% or newer and found none: %HVSOCK_PASSED%; no JDK %HVSOCK_REQUIRED%+ in %ProgramFiles%\Java, Eclipse Adoptium, Microsoft, Zulu, Amazon Corretto, BellSoft, Semeru or %USERPROFILE%\.jdks. Set HVSOCK_JAVA to the java.exe of a JDK %HVSOCK_REQUIRED% or newer, or JAVA_HOME to its directory 1>&2
exit /b 6

rem :consider HOME - takes HOME\bin\java.exe if it is a JDK 24+ newer than the best so far
:consider
if not exist "%~1\bin\java.exe" exit /b 0
call :feature "%~1"
if not defined HVSOCK_FEATURE exit /b 0
if %HVSOCK_FEATURE% LSS %HVSOCK_REQUIRED% exit /b 0
if %HVSOCK_FEATURE% LEQ %HVSOCK_BEST_FEATURE% exit /b 0
set "HVSOCK_BEST_FEATURE=%HVSOCK_FEATURE%"
set "HVSOCK_EXE=%~1\bin\java.exe"
exit /b 0

rem :featureOfExe JAVA_EXE - HVSOCK_FEATURE from the release file of the JDK it is in, else from java -version
:featureOfExe
call :feature "%~dp1.."
if defined HVSOCK_FEATURE exit /b 0
set "HVSOCK_VERSION="
for /f "tokens=2,3" %%u in ('"%~1" -version 2^>^&1') do if "%%u"=="version" if not defined HVSOCK_VERSION set "HVSOCK_VERSION=%%~v"
goto :featureOfVersion

rem :feature HOME - HVSOCK_FEATURE (17, 25) from HOME\release, or undefined
:feature
set "HVSOCK_VERSION="
if exist "%~1\release" for /f "usebackq tokens=1,* delims==" %%k in ("%~1\release") do if "%%k"=="JAVA_VERSION" set "HVSOCK_VERSION=%%~l"
:featureOfVersion
set "HVSOCK_FEATURE="
if not defined HVSOCK_VERSION exit /b 0
for /f "tokens=1,2 delims=.-+_" %%a in ("%HVSOCK_VERSION%") do if "%%a"=="1" (set "HVSOCK_FEATURE=%%b") else set "HVSOCK_FEATURE=%%a"
exit /b 0
