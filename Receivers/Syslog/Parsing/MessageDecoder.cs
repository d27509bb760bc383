using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace FirewallGateway.Receivers.Syslog.Parsing;

/// <summary>Bytes off the wire to text: strict UTF-8, no NUL, trailing line ends removed.</summary>
internal static class MessageDecoder
{
    /// <summary>Decodes into <paramref name="destination"/> (at least as long as the input); false with a reason on bad input.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, Span<char> destination, out int written, out string? reject)
    {
        written = 0;
        while (!bytes.IsEmpty && bytes[^1] is (byte)'\n' or (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        if (bytes.IsEmpty)
        {
            reject = RejectReasons.Empty;
            return false;
        }

        // A NUL can hide the rest of a line from tools that read C strings; such a line is not trusted.
        if (bytes.IndexOf((byte)0) >= 0)
        {
            reject = RejectReasons.NulByte;
            return false;
        }

        var status = Utf8.ToUtf16(bytes, destination, out _, out written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            reject = status == OperationStatus.InvalidData ? RejectReasons.InvalidUtf8 : RejectReasons.TooLarge;
            written = 0;
            return false;
        }

        reject = null;
        return true;
    }

    /// <summary>The most characters <paramref name="byteCount"/> bytes of UTF-8 can decode to.</summary>
    public static int MaxChars(int byteCount) => Encoding.UTF8.GetMaxCharCount(byteCount);
}
