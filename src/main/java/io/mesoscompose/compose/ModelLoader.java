package io.mesoscompose.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/**
 * Compose files → one merged YAML tree, document by document, in compose-go's order (loader.go loadYamlFile):
 * find and drop the {@code !reset}/{@code !override} tags, interpolate, make named paths relative to the project,
 * resolve {@code include}, remove what the tags reset from the earlier documents, resolve {@code extends}, merge
 * ({@link TreeMerge}), make list entries unique ({@link UniqueEntries}). The documents of one file merge like
 * separate {@code -f} files. Included files go through the same steps.
 */
final class ModelLoader {

    /** One file and its YAML documents, parsed. */
    record ParsedFile(SourceFile file, List<MappingNode> documents) {
        ParsedFile {
            documents = List.copyOf(documents);
        }
    }

    private ModelLoader() {}

    static ParsedFile parse(SourceFile file, Diagnostics d) {
        return new ParsedFile(file, YamlParser.parseAll(file, d));
    }

    /** Loads files given by name (an include): parsed here. */
    static Optional<MappingNode> load(List<SourceFile> files, Map<String, String> env, String dir, Loading ctx,
                                      List<String> includedFrom) {
        List<ParsedFile> parsed = new ArrayList<>();
        files.forEach(f -> parsed.add(parse(f, ctx.d)));
        return loadParsed(parsed, env, dir, ctx, includedFrom);
    }

    /**
     * @param dir          the directory the files' relative paths start from, relative to the project ("" for it)
     * @param includedFrom the files that include these, outermost first (to refuse include cycles)
     */
    static Optional<MappingNode> loadParsed(List<ParsedFile> files, Map<String, String> env, String dir, Loading ctx,
                                            List<String> includedFrom) {
        MappingNode merged = null;
        for (ParsedFile f : files) {
            List<String> chain = new ArrayList<>(includedFrom);
            chain.add(RelativePaths.join("", f.file().name()));
            for (MappingNode document : f.documents()) {
                ResetTags.Paths tags = ResetTags.strip(document, f.file().content());
                TreeInterpolation.apply(document, env, ctx.d);
                RelativePaths.rebase(document, dir);
                MappingNode current = Includes.apply(document, env, tags, ctx, chain);
                if (merged != null) {
                    merged = ResetTags.apply(merged, tags, List.of());
                }
                current = Extends.apply(current, f.file().name(), tags, env, ctx);
                merged = merged == null ? current : TreeMerge.merge(merged, current, ctx.d);
                merged = UniqueEntries.apply(merged);
            }
        }
        return Optional.ofNullable(merged);
    }
}
