package dev.jwtrevocation.revocation;

import dev.jwtrevocation.support.LuaScriptContract;

/** One test per script of the core: its header is its contract, and Redis compiles it. */
class LuaScriptTests extends LuaScriptContract {

}
