namespace FirewallGateway.Adapters.Fail2banSsh;

/// <summary>Runs one command on the firewall; throws when the transport fails (connect, host key, timeout).</summary>
internal interface ISshCommandRunner : IAsyncDisposable
{
    Task<SshCommandResult> RunAsync(string command, CancellationToken cancellationToken);
}
