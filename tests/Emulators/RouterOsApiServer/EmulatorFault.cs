namespace FirewallGateway.Emulators.RouterOs;

/// <summary>Misbehaviour the emulator shows instead of answering the next command (one-shot).</summary>
public enum EmulatorFault
{
    None,

    /// <summary>A well-framed sentence that is not a reply (<c>hello abc</c>).</summary>
    Garbage,

    /// <summary>A 5-byte length prefix claiming a 1 GiB word, then a few bytes.</summary>
    HugeLength,

    /// <summary>The reserved control byte 0xF8.</summary>
    ControlByte,

    /// <summary>Half a sentence, then silence with the connection open.</summary>
    StallMidSentence,

    /// <summary>No answer at all, the connection stays open.</summary>
    Silence,

    /// <summary><c>!fatal</c> with a bare-word reason, then the connection is closed.</summary>
    Fatal,

    /// <summary>The connection is closed without a word.</summary>
    Close,
}
