package dev.jwtrevocation.redis;

import dev.jwtrevocation.support.LuaScriptContract;

/**
 * One test per script of the service: its header is its contract, and Redis compiles it.
 */
class LuaScriptTests extends LuaScriptContract {

}
