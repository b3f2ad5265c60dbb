import type { Action } from 'svelte/action';

/**
 * A drop target for files (`use:fileDrop={(dt) => ...}`): carries the class "over" while files
 * are dragged across it (styled in app.css with .drop) and hands a drop's DataTransfer on.
 */
export const fileDrop: Action<HTMLElement, (dt: DataTransfer) => void> = (node, onDrop) => {
  let handle = onDrop;
  const dragover = (e: DragEvent) => {
    e.preventDefault();
    node.classList.add('over');
  };
  const dragleave = () => node.classList.remove('over');
  const drop = (e: DragEvent) => {
    e.preventDefault();
    node.classList.remove('over');
    if (e.dataTransfer) handle(e.dataTransfer);
  };
  node.addEventListener('dragover', dragover);
  node.addEventListener('dragleave', dragleave);
  node.addEventListener('drop', drop);
  return {
    update(next) {
      handle = next;
    },
    destroy() {
      node.removeEventListener('dragover', dragover);
      node.removeEventListener('dragleave', dragleave);
      node.removeEventListener('drop', drop);
    },
  };
};
