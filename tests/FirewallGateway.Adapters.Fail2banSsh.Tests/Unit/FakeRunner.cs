namespace FirewallGateway.Adapters.Fail2banSsh.Tests.Unit;

/// <summary>Records every command and answers with a scripted result.</summary>
internal sealed class FakeRunner : ISshCommandRunner
{
    private readonly Func<string, SshCommandResult> _answer;

    public FakeRunner(Func<string, SshCommandResult> answer)
    {
        _answer = answer;
    }

    public List<string> Commands { get; } = [];

    public Task<SshCommandResult> RunAsync(string command, CancellationToken cancellationToken)
    {
        Commands.Add(command);
        return Task.FromResult(_answer(command));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
