using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace MLSegmentation.Transforms;

/// <summary>
/// An image or mask column of an ML.NET <see cref="IDataView"/>, as the segmentation trainers and the scoring
/// transformer read it: either text (a file path, decoded by <see cref="ImageFile"/>: PNG, JPEG, BMP, WebP, 16-bit
/// PNG, NIfTI), resolved against an optional folder, or an <see cref="MLImage"/> from
/// <c>mlContext.Transforms.LoadImages</c>, read in place.
/// </summary>
public static class SegmentationColumn
{
    // What the column types must be, for messages.
    private const string Expected = "text (an image file path) or an image (MLImage, from LoadImages)";

    /// <summary>Whether a column of <paramref name="type"/> can be read.</summary>
    public static bool IsSupported(DataViewType type) => type is TextDataViewType or ImageDataViewType;

    /// <summary>The column <paramref name="name"/> of <paramref name="schema"/>, checked.</summary>
    /// <param name="schema">The input schema.</param>
    /// <param name="name">The column name.</param>
    /// <param name="role">What the column holds, for messages (<c>image</c>, <c>label</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or of another type; the message names it (ML.NET's schema-mismatch convention).</exception>
    public static DataViewSchema.Column Find(DataViewSchema schema, string name, string role)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (schema.GetColumnOrNull(name) is not { } column)
            throw new ArgumentOutOfRangeException(nameof(schema), $"Could not find {role} column '{name}' (the input has {Names(schema)})");
        if (!IsSupported(column.Type))
            throw Mismatch(nameof(schema), role, name, $"{column.Type}");
        return column;
    }

    /// <summary>Checks the column <paramref name="name"/> of an estimator's input <paramref name="shape"/> as <see cref="Find"/> checks a schema.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or of another type; the message names it.</exception>
    public static void Check(SchemaShape shape, string name, string role)
    {
        ArgumentNullException.ThrowIfNull(shape);
        SchemaShape.Column column = shape.FirstOrDefault(c => c.Name == name);
        if (column.Name is null)
            throw new ArgumentOutOfRangeException(nameof(shape), $"Could not find {role} column '{name}'");
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || !IsSupported(column.ItemType))
            throw Mismatch(nameof(shape), role, name, $"{(column.Kind == SchemaShape.Column.VectorKind.Scalar ? "" : "a vector of ")}{column.ItemType}");
    }

    /// <summary>A getter of the image in <paramref name="column"/> of the row <paramref name="row"/> is on.</summary>
    /// <param name="row">A row or cursor with the column active.</param>
    /// <param name="column">A column <see cref="Find"/> accepted.</param>
    /// <param name="folder">Where relative paths are resolved; null for the working directory.</param>
    /// <param name="channels">For MLImages: 1, 3, or 0 to decide from the pixels (<see cref="MLImageConversion.ToImage"/>).</param>
    public static Func<Image> ImageGetter(DataViewRow row, DataViewSchema.Column column, string? folder, int channels = 0)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (column.Type is ImageDataViewType) return MLImageGetter(row, column, image => image.ToImage(channels));
        var path = PathGetter(row, column, folder);
        return () => ImageFile.Read(path());
    }

    /// <summary>A getter of the mask in <paramref name="column"/> as class indices (0/255 masks read as <paramref name="encoding"/> says).</summary>
    /// <param name="row">A row or cursor with the column active.</param>
    /// <param name="column">A column <see cref="Find"/> accepted.</param>
    /// <param name="folder">Where relative paths are resolved; null for the working directory.</param>
    /// <param name="encoding">How stored values map to classes.</param>
    /// <param name="declaredClasses">The declared class count, 0 when unknown.</param>
    public static Func<LabelMap> MaskGetter(DataViewRow row, DataViewSchema.Column column, string? folder, MaskEncoding encoding = MaskEncoding.Auto, int declaredClasses = 0)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (column.Type is ImageDataViewType)
            return MLImageGetter(row, column, image => image.ToLabelMap(Describe(row, column), encoding, declaredClasses));
        var path = PathGetter(row, column, folder);
        return () => ImageFile.ReadMask(path(), encoding, declaredClasses);
    }

    /// <summary>A getter of the file path in a text column (resolved against <paramref name="folder"/>), or of a row description for an image column.</summary>
    public static Func<string> SourceGetter(DataViewRow row, DataViewSchema.Column column, string? folder)
    {
        ArgumentNullException.ThrowIfNull(row);
        return column.Type is ImageDataViewType ? () => Describe(row, column) : PathGetter(row, column, folder);
    }

    // LoadImages decodes a new MLImage on every get and leaves it to the caller, so each is converted, then released.
    private static Func<T> MLImageGetter<T>(DataViewRow row, DataViewSchema.Column column, Func<MLImage, T> convert)
    {
        var getter = row.GetGetter<MLImage>(column);
        return () =>
        {
            MLImage? image = null;
            getter(ref image!);
            using (image)
            {
                return convert(image ?? throw new DatasetException(Describe(row, column), "no image (LoadImages could not read its file)", null));
            }
        };
    }

    private static string Describe(DataViewRow row, DataViewSchema.Column column) => $"row {row.Position} of column '{column.Name}'";

    private static Func<string> PathGetter(DataViewRow row, DataViewSchema.Column column, string? folder)
    {
        var getter = row.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> text = default;
        return () =>
        {
            getter(ref text);
            string path = text.ToString();
            if (path.Length == 0) throw new DatasetException(Describe(row, column), "an empty file path", null);
            return folder is null ? path : Path.Combine(folder, path);
        };
    }

    private static ArgumentOutOfRangeException Mismatch(string parameter, string role, string name, string got) =>
        new(parameter, $"Schema mismatch for {role} column '{name}': expected {Expected}, got {got}");

    private static string Names(DataViewSchema schema) =>
        schema.Count == 0 ? "no columns" : "columns " + string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"));
}
