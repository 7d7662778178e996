using MLSegmentation.Torch.Modules;

namespace MLSegmentation.Onnx;

/// <summary>
/// Exports one module type: adds the nodes computing <paramref name="module"/>'s evaluation-mode forward pass from the
/// value named <paramref name="input"/> and returns the name of the result. Submodules are exported through
/// <see cref="OnnxExportContext.Export"/>.
/// </summary>
/// <typeparam name="TModule">The module type handled.</typeparam>
/// <param name="context">The graph being built and the exporters in use.</param>
/// <param name="module">The module to export.</param>
/// <param name="input">The name of the module's input value.</param>
/// <returns>The name of the module's output value.</returns>
public delegate string OnnxModuleExport<in TModule>(OnnxExportContext context, TModule module, string input) where TModule : Module;
