package org.bookinglifecycle.kit.definition;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reading the node tree of a {@code jobs/*.yml} file, which every reader of those files
 * does (the job definitions, the masking rules, the alert rules, the notification
 * settings) so that a problem can be named with its line.
 */
public final class YamlNodes {

	private YamlNodes() {
	}

	/**
	 * The value of a key of a block.
	 * @param mapping the block
	 * @param key the key
	 * @return its value's node, or {@code null} when the block has no such key
	 */
	public static Node value(MappingNode mapping, String key) {
		return mapping.getValue()
			.stream()
			.filter((tuple) -> key(tuple).equals(key))
			.map(NodeTuple::getValueNode)
			.findFirst()
			.orElse(null);
	}

	/**
	 * A key as written.
	 * @param tuple the key and its value
	 * @return the key, or {@code ?} when it is not a single value
	 */
	public static String key(NodeTuple tuple) {
		return (tuple.getKeyNode() instanceof ScalarNode scalar) ? scalar.getValue() : "?";
	}

}
