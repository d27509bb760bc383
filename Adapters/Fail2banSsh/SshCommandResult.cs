namespace FirewallGateway.Adapters.Fail2banSsh;

/// <summary>What one remote command returned: its exit status (null when the server sent none) and its output.</summary>
internal sealed record SshCommandResult(int? ExitStatus, string Output, string Error)
{
    public bool Succeeded => ExitStatus == 0;

    /// <summary>The error text for logs and outcomes: stderr, else stdout, shortened.</summary>
    public string Why()
    {
        string text = (Error.Trim().Length > 0 ? Error : Output).Trim().ReplaceLineEndings(" ");
        return text.Length <= 300 ? text : text[..300] + "...";
    }
}
