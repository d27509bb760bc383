using System.Globalization;

namespace FirewallGateway.Adapters.RouterOs.Api;

/// <summary>Collects the replies of one command until its <c>!done</c>.</summary>
internal sealed class PendingCommand
{
    private readonly List<IReadOnlyDictionary<string, string>> _rows = [];
    private ApiTrap? _trap;
    private bool _empty;

    public TaskCompletionSource<ApiResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Adds one reply; <c>!done</c> completes the command. Only the reader thread calls this.</summary>
    public void Add(ApiReply reply)
    {
        switch (reply.Kind)
        {
            case ApiReplyKind.Re:
                _rows.Add(reply.Attributes);
                break;
            case ApiReplyKind.Empty:
                _empty = true; // RouterOS 7.18+: no rows; the !done still follows
                break;
            case ApiReplyKind.Trap:
                // Keep the first trap: a cancelled command traps "interrupted" once, then ends with !done.
                _trap ??= new ApiTrap(
                    reply.Attributes.TryGetValue("message", out string? message) ? message : "(no message)",
                    reply.Attributes.TryGetValue("category", out string? category)
                        && int.TryParse(category, NumberStyles.None, CultureInfo.InvariantCulture, out int c) ? c : null);
                break;
            case ApiReplyKind.Done:
                Completion.TrySetResult(new ApiResponse(_rows, reply.Attributes, _trap, _empty));
                break;
            default:
                throw new RouterOsProtocolException($"unexpected {reply.Kind} reply for a command");
        }
    }
}
