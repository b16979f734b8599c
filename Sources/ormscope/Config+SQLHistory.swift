import Foundation

extension Config {
    /// The SQL editor's history: `$ORMSCOPE_SQL_HISTORY`, else `$XDG_STATE_HOME/ormscope/sql_history`
    /// (else `~/.local/state/ormscope/sql_history`), beside the shell's history and by the same rule
    /// (`Config.base`). The directory is made when the file is first written.
    static var sqlHistoryPath: String {
        if let explicit = environment["ORMSCOPE_SQL_HISTORY"], !explicit.isEmpty { return explicit }
        return (base("XDG_STATE_HOME", ".local/state") as NSString).appendingPathComponent("ormscope/sql_history")
    }
}
