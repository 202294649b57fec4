// A page that changes its own address (a new draft, once saved, becomes
// /evaluations/ID/edit) keeps being the same page: its new path is an alias
// of the old one in the key the layout gives its router-view.
import { reactive } from 'vue'
export const keyAlias = reactive(new Map<string, string>())
