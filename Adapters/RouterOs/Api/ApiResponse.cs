namespace FirewallGateway.Adapters.RouterOs.Api;

/// <summary>A <c>!trap</c>: the router refused or failed a command.</summary>
/// <param name="Message">The router's text (<c>failure: already have such entry</c>).</param>
/// <param name="Category">0 missing item/command, 1 argument value, 2 interrupted, 3 scripting, 4 general, 5 API, 6 TTY, 7 return value.</param>
internal sealed record ApiTrap(string Message, int? Category)
{
    public override string ToString() => Category is { } c ? $"{Message} (category {c})" : Message;
}

/// <summary>Everything one command got back: its <c>!re</c> rows, the attributes of <c>!done</c>, and the trap if any.</summary>
internal sealed class ApiResponse
{
    public ApiResponse(IReadOnlyList<IReadOnlyDictionary<string, string>> rows, IReadOnlyDictionary<string, string> done, ApiTrap? trap, bool empty)
    {
        Rows = rows;
        Done = done;
        Trap = trap;
        Empty = empty;
    }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    /// <summary>Attributes of the <c>!done</c> sentence (an add's new id arrives as <c>ret</c>).</summary>
    public IReadOnlyDictionary<string, string> Done { get; }

    public ApiTrap? Trap { get; }

    /// <summary>The router said <c>!empty</c> (RouterOS 7.18+): the query matched nothing.</summary>
    public bool Empty { get; }

    public bool Succeeded => Trap is null;

    /// <summary>The <c>=ret=</c> of <c>!done</c>, if any.</summary>
    public string? Ret => Done.TryGetValue("ret", out string? ret) ? ret : null;

    /// <summary>Throws <see cref="RouterOsTrapException"/> when the router trapped.</summary>
    public ApiResponse EnsureSuccess(string what) =>
        Trap is { } trap ? throw new RouterOsTrapException($"{what}: the router answered {trap}", trap) : this;
}
