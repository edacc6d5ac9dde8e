/* An empty library: kernel32, advapi32, computecore, ole32 and ntdll are this, linked against libws2_32.so, which holds
   the whole model, so that each DLL name the bindings ask for loads and finds its functions there. */
