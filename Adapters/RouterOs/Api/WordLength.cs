using System.Buffers.Binary;

namespace FirewallGateway.Adapters.RouterOs.Api;

/// <summary>What <see cref="WordLength.TryDecode"/> found at the start of a buffer.</summary>
internal enum WordLengthStatus
{
    /// <summary>A complete prefix: the length and the prefix size are set.</summary>
    Complete,

    /// <summary>The buffer ends inside the prefix; read more bytes.</summary>
    NeedMoreData,

    /// <summary>A first byte of 0xF8 or more: a reserved control byte, after which the stream cannot be followed.</summary>
    ControlByte,

    /// <summary>A first byte 0xF1 to 0xF7: no defined encoding.</summary>
    Invalid,
}

/// <summary>
/// The RouterOS API word length prefix (PROTOCOLS.md 1.2): 1 to 5 bytes, big-endian, the leading bits of the
/// first byte telling the size. Lengths count bytes.
/// </summary>
internal static class WordLength
{
    /// <summary>The longest prefix.</summary>
    public const int MaxPrefixBytes = 5;

    /// <summary>The number of bytes <see cref="Encode"/> writes for <paramref name="length"/>.</summary>
    public static int SizeOf(uint length) => length switch
    {
        < 0x80 => 1,
        < 0x4000 => 2,
        < 0x200000 => 3,
        < 0x10000000 => 4,
        _ => 5,
    };

    /// <summary>Writes the prefix for <paramref name="length"/> and returns its size.</summary>
    public static int Encode(uint length, Span<byte> destination)
    {
        switch (SizeOf(length))
        {
            case 1:
                destination[0] = (byte)length;
                return 1;
            case 2:
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(length | 0x8000));
                return 2;
            case 3:
                uint three = length | 0xC00000;
                destination[0] = (byte)(three >> 16);
                destination[1] = (byte)(three >> 8);
                destination[2] = (byte)three;
                return 3;
            case 4:
                BinaryPrimitives.WriteUInt32BigEndian(destination, length | 0xE0000000);
                return 4;
            default:
                destination[0] = 0xF0;
                BinaryPrimitives.WriteUInt32BigEndian(destination[1..], length);
                return 5;
        }
    }

    /// <summary>Reads a prefix from the start of <paramref name="source"/>; never throws.</summary>
    public static WordLengthStatus TryDecode(ReadOnlySpan<byte> source, out uint length, out int prefixBytes)
    {
        length = 0;
        prefixBytes = 0;
        if (source.IsEmpty)
        {
            return WordLengthStatus.NeedMoreData;
        }

        byte first = source[0];
        int size;
        uint value;
        if (first < 0x80)
        {
            size = 1;
            value = first;
        }
        else if ((first & 0xC0) == 0x80)
        {
            size = 2;
            value = first & 0x3Fu;
        }
        else if ((first & 0xE0) == 0xC0)
        {
            size = 3;
            value = first & 0x1Fu;
        }
        else if ((first & 0xF0) == 0xE0)
        {
            size = 4;
            value = first & 0x0Fu;
        }
        else if (first == 0xF0)
        {
            size = 5;
            value = 0;
        }
        else
        {
            return first >= 0xF8 ? WordLengthStatus.ControlByte : WordLengthStatus.Invalid;
        }

        if (source.Length < size)
        {
            return WordLengthStatus.NeedMoreData;
        }

        for (int i = 1; i < size; i++)
        {
            value = (value << 8) | source[i];
        }

        length = value;
        prefixBytes = size;
        return WordLengthStatus.Complete;
    }
}
