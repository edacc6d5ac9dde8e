/* An empty library: kernel32, advapi32, computecore and ole32 are this, linked against libws2_32.so, which holds
   the whole model, so that each DLL name the bindings ask for loads and finds its functions there. */
